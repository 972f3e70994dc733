<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Outpost::CustomersPage</name>
    <message numerus="yes">
        <source>%Ln customer(s)</source>
        <translation>
            <numerusform>%Ln customer</numerusform>
            <numerusform>%Ln customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln customer(s)</source>
        <translation>
            <numerusform>%1 of %Ln customer</numerusform>
            <numerusform>%1 of %Ln customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deal(s), %1 open</source>
        <translation>
            <numerusform>%Ln deal, %1 open</numerusform>
            <numerusform>%Ln deals, %1 open</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::DealDialog</name>
    <message numerus="yes">
        <source>%1 (%n days in this stage)</source>
        <extracomment>%1 is a date</extracomment>
        <translation>
            <numerusform>%1 (%n day in this stage)</numerusform>
            <numerusform>%1 (%n days in this stage)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::MainWindow</name>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>%n change has not reached the server yet.</numerusform>
            <numerusform>%n changes have not reached the server yet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineCardDelegate</name>
    <message numerus="yes">
        <source>Rotting %nd</source>
        <extracomment>a badge on a card: the deal has had no update for %n days</extracomment>
        <translation>
            <numerusform>Rotting %nd</numerusform>
            <numerusform>Rotting %nd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%nd</source>
        <extracomment>days a deal has been in its stage, as short as possible</extracomment>
        <translation>
            <numerusform>%nd</numerusform>
            <numerusform>%nd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d overdue</source>
        <translation>
            <numerusform>%n d overdue</numerusform>
            <numerusform>%n d overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineColumnHeader</name>
    <message numerus="yes">
        <source>Deals rot after %n day(s) without an update</source>
        <translation>
            <numerusform>Deals rot after %n day without an update</numerusform>
            <numerusform>Deals rot after %n days without an update</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deal(s)</source>
        <translation>
            <numerusform>%Ln deal</numerusform>
            <numerusform>%Ln deals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rotting</source>
        <translation>
            <numerusform>%Ln rotting</numerusform>
            <numerusform>%Ln rotting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineColumnModel</name>
    <message numerus="yes">
        <source>Rotting: no update for %n day(s)</source>
        <translation>
            <numerusform>Rotting: no update for %n day</numerusform>
            <numerusform>Rotting: no update for %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineFilterBar</name>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>%n unit</numerusform>
            <numerusform>%n units</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineMover</name>
    <message numerus="yes">
        <source>Why were these %n deals lost?</source>
        <translation>
            <numerusform>Why was this deal lost?</numerusform>
            <numerusform>Why were these %n deals lost?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n deal(s) as won</source>
        <translation>
            <numerusform>Mark %n deal as won</numerusform>
            <numerusform>Mark %n deals as won</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n deal(s) as lost</source>
        <translation>
            <numerusform>Mark %n deal as lost</numerusform>
            <numerusform>Mark %n deals as lost</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n deal(s) to %1</source>
        <translation>
            <numerusform>Move %n deal to %1</numerusform>
            <numerusform>Move %n deals to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelinePage</name>
    <message numerus="yes">
        <source>%Ln open deal(s)</source>
        <translation>
            <numerusform>%Ln open deal</numerusform>
            <numerusform>%Ln open deals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deal(s) match</source>
        <translation>
            <numerusform>%Ln deal matches</numerusform>
            <numerusform>%Ln deals match</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln deal(s) to %1.</source>
        <translation>
            <numerusform>Exported %Ln deal to %1.</numerusform>
            <numerusform>Exported %Ln deals to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineTableModel</name>
    <message numerus="yes">
        <source>Rotting: no update for %n day(s)</source>
        <translation>
            <numerusform>Rotting: no update for %n day</numerusform>
            <numerusform>Rotting: no update for %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::ProfileLauncher</name>
    <message numerus="yes">
        <source>Creating a demo sales organization with %Ln deal(s)…</source>
        <translation>
            <numerusform>Creating a demo sales organization with %Ln deal…</numerusform>
            <numerusform>Creating a demo sales organization with %Ln deals…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::Replicator</name>
    <message numerus="yes">
        <source>Sending %n change(s)…</source>
        <translation>
            <numerusform>Sending %n change…</numerusform>
            <numerusform>Sending %n changes…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Offline: changes are kept on this computer and sent when %1 can be reached (next try in %n s).</source>
        <translation>
            <numerusform>Offline: changes are kept on this computer and sent when %1 can be reached (next try in %n s).</numerusform>
            <numerusform>Offline: changes are kept on this computer and sent when %1 can be reached (next try in %n s).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Next try in %n s.</source>
        <translation>
            <numerusform>Next try in %n s.</numerusform>
            <numerusform>Next try in %n s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::SignInDialog</name>
    <message numerus="yes">
        <source>Too many sign-in attempts. Try again in %n second(s).</source>
        <translation>
            <numerusform>Too many sign-in attempts. Try again in %n second.</numerusform>
            <numerusform>Too many sign-in attempts. Try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many sign-in attempts. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many sign-in attempts. Try again in %n minute.</numerusform>
            <numerusform>Too many sign-in attempts. Try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::SyncIssuesPage</name>
    <message numerus="yes">
        <source>%Ln open issue(s)</source>
        <translation>
            <numerusform>%Ln open issue</numerusform>
            <numerusform>%Ln open issues</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::SyncStatusWidget</name>
    <message numerus="yes">
        <source>Synced %n min ago</source>
        <translation>
            <numerusform>Synced %n min ago</numerusform>
            <numerusform>Synced %n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %n h ago</source>
        <translation>
            <numerusform>Synced %n h ago</numerusform>
            <numerusform>Synced %n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n change to send</numerusform>
            <numerusform>%n changes to send</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncFailure</name>
    <message numerus="yes">
        <source>The sync server did not answer within %n second(s).</source>
        <translation>
            <numerusform>The sync server did not answer within %n second.</numerusform>
            <numerusform>The sync server did not answer within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncTool</name>
    <message numerus="yes">
        <source>The sync did not finish within %n second(s).</source>
        <translation>
            <numerusform>The sync did not finish within %n second.</numerusform>
            <numerusform>The sync did not finish within %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
