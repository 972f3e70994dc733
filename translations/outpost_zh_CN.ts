<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivityRepository</name>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a kind of activity.</source>
        <translation>“%1”不是有效的活动类型。</translation>
    </message>
    <message>
        <source>An activity belongs to a deal.</source>
        <translation>活动必须属于某个商机。</translation>
    </message>
    <message>
        <source>Enter a subject or a note.</source>
        <translation>请输入主题或笔记。</translation>
    </message>
    <message>
        <source>The subject is too long (at most %1 characters).</source>
        <translation>主题过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>The notes are too long (at most %1 characters).</source>
        <translation>备注过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>An activity is either done or due at a time.</source>
        <translation>活动要么已完成，要么有到期时间。</translation>
    </message>
    <message>
        <source>The time of the activity is not valid.</source>
        <translation>活动时间无效。</translation>
    </message>
    <message>
        <source>The activity does not exist.</source>
        <translation>该活动不存在。</translation>
    </message>
</context>
<context>
    <name>AddActivityCommand</name>
    <message>
        <source>Add %1 “%2”</source>
        <extracomment>%1 is the kind of activity (Call, Meeting, Note), %2 its subject</extracomment>
        <translation>添加%1“%2”</translation>
    </message>
</context>
<context>
    <name>BulkLoader</name>
    <message>
        <source>Unknown table &quot;%1&quot;.</source>
        <translation>未知的数据表“%1”。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; cannot be written in &quot;%2&quot;.</source>
        <translation>字段“%1”不能写入“%2”。</translation>
    </message>
    <message>
        <source>Internal error: a seed row does not match its columns.</source>
        <translation>内部错误：一行种子数据与其列不匹配。</translation>
    </message>
</context>
<context>
    <name>ChangeWriter</name>
    <message>
        <source>Unknown table &quot;%1&quot;.</source>
        <translation>未知的数据表“%1”。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; cannot be written in &quot;%2&quot;.</source>
        <translation>字段“%1”不能写入“%2”。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid record id.</source>
        <translation>“%1”不是有效的记录 ID。</translation>
    </message>
    <message>
        <source>The record no longer exists.</source>
        <translation>该记录已不存在。</translation>
    </message>
    <message>
        <source>The record is not deleted.</source>
        <translation>该记录未被删除。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Run &quot;%1 --help&quot; to see the options.</source>
        <translation>运行“%1 --help”查看可用选项。</translation>
    </message>
    <message>
        <source>Outpost, the offline-first sales workstation: your customers and pipeline on your laptop, in sync with your team when you are online.</source>
        <translation>Outpost：离线优先的销售工作台。客户与商机随时在您的笔记本电脑上，联网后即与团队同步。</translation>
    </message>
    <message>
        <source>Keep the profiles in &lt;directory&gt; (default: %1).</source>
        <translation>将配置文件保存在 &lt;directory&gt; 中（默认：%1）。</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>directory</translation>
    </message>
    <message>
        <source>Open the profile &lt;name&gt;: up to 64 letters, digits, &quot;-&quot; and &quot;_&quot; (default: demo). Profiles whose name starts with &quot;demo&quot; are filled with demo data.</source>
        <translation>打开名为 &lt;name&gt; 的配置文件：最多 64 个字母、数字、“-”和“_”（默认：demo）。名称以“demo”开头的配置文件会自动填充演示数据。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>Create a demo with &lt;deals&gt; deals, from %1 to %2 (default: %3). Without --profile the profile is &quot;demo-&lt;deals&gt;&quot;, so an existing demo is never replaced.</source>
        <translation>创建含 &lt;deals&gt; 个商机的演示数据，范围 %1 到 %2（默认：%3）。未指定 --profile 时，配置文件名为“demo-&lt;deals&gt;”，因此不会覆盖已有的演示数据。</translation>
    </message>
    <message>
        <source>deals</source>
        <translation>deals</translation>
    </message>
    <message>
        <source>Use the language &lt;code&gt;: system, en or zh_CN (default: the preference, else the system&apos;s language).</source>
        <translation>使用语言 &lt;code&gt;：system、en 或 zh_CN（默认：首选项中的设置，未设置时跟随系统语言）。</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>多余的参数“%1”。</translation>
    </message>
    <message>
        <source>--lang: &quot;%1&quot; is not a supported language; use system, en or zh_CN.</source>
        <translation>--lang：不支持语言“%1”；请使用 system、en 或 zh_CN。</translation>
    </message>
    <message>
        <source>--data-dir: &quot;%1&quot; is not a usable directory name.</source>
        <translation>--data-dir：“%1”不是可用的目录名。</translation>
    </message>
    <message>
        <source>--data-dir: &quot;%1&quot; is a file, not a directory.</source>
        <translation>--data-dir：“%1”是文件，不是目录。</translation>
    </message>
    <message>
        <source>--demo-size: &quot;%1&quot; is not a whole number from %2 to %3.</source>
        <translation>--demo-size：“%1”不是 %2 到 %3 之间的整数。</translation>
    </message>
    <message>
        <source>--profile: &quot;%1&quot; is not a valid profile name; use up to 64 letters, digits, &quot;-&quot; and &quot;_&quot;.</source>
        <translation>--profile：“%1”不是有效的配置文件名；请使用最多 64 个字母、数字、“-”和“_”。</translation>
    </message>
    <message>
        <source>--demo-size applies only to demo profiles (names starting with &quot;demo&quot;), not to &quot;%1&quot;.</source>
        <translation>--demo-size 仅适用于演示配置文件（名称以“demo”开头），不适用于“%1”。</translation>
    </message>
    <message>
        <source>Synchronize the profile with the sync server at &lt;url&gt;, for example https://sync.example.com:8443 (remembered for the profile; File &gt; Sign In uses it).</source>
        <translation>将此配置文件与 &lt;url&gt; 处的同步服务器同步，例如 https://sync.example.com:8443（为此配置文件记住；“文件 &gt; 登录”会使用它）。</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Sign in to the sync server as &lt;login&gt; at start, with the password in the environment variable %1 (for demonstrations and unattended use).</source>
        <translation>启动时以 &lt;login&gt; 登录同步服务器，密码取自环境变量 %1（用于演示和无人值守使用）。</translation>
    </message>
    <message>
        <source>login</source>
        <translation>login</translation>
    </message>
    <message>
        <source>--server: %1</source>
        <translation>--server：%1</translation>
    </message>
    <message>
        <source>--login: &quot;%1&quot; is not a valid login; use up to %2 characters without spaces.</source>
        <translation>--login：“%1”不是有效的登录名；请使用不含空格、最多 %2 个字符的登录名。</translation>
    </message>
    <message>
        <source>--login needs the password in the environment variable %1 (never on the command line).</source>
        <translation>--login 需要在环境变量 %1 中提供密码（切勿写在命令行上）。</translation>
    </message>
    <message>
        <source>%1: the password is too long (at most %2 characters).</source>
        <translation>%1：密码过长（最多 %2 个字符）。</translation>
    </message>
</context>
<context>
    <name>CsvWriter</name>
    <message>
        <source>The file cannot be written: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <source>The file %1 cannot be created: %2</source>
        <translation>无法创建文件 %1：%2</translation>
    </message>
    <message>
        <source>The file %1 cannot be saved: %2</source>
        <translation>无法保存文件 %1：%2</translation>
    </message>
</context>
<context>
    <name>CustomerRepository</name>
    <message>
        <source>A customer needs a name.</source>
        <translation>客户必须有名称。</translation>
    </message>
    <message>
        <source>The name is too long (at most %1 characters).</source>
        <translation>名称过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an e-mail address.</source>
        <translation>“%1”不是有效的电子邮件地址。</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is too long (at most %2 characters).</source>
        <translation>字段“%1”过长（最多 %2 个字符）。</translation>
    </message>
    <message>
        <source>The customer does not exist.</source>
        <translation>该客户不存在。</translation>
    </message>
</context>
<context>
    <name>DealField</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>赢单概率</translation>
    </message>
    <message>
        <source>Expected close date</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Lost reason</source>
        <translation>输单原因</translation>
    </message>
    <message>
        <source>Stage entered</source>
        <translation>进入阶段时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
</context>
<context>
    <name>DealRepository</name>
    <message>
        <source>A deal needs a title.</source>
        <translation>商机必须有标题。</translation>
    </message>
    <message>
        <source>The title is too long (at most %1 characters).</source>
        <translation>标题过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>The amount must be between 0 and 1,000,000,000,000.</source>
        <translation>金额必须在 0 到 1,000,000,000,000 之间。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a currency code such as CNY or USD.</source>
        <translation>“%1”不是有效的币种代码（例如 CNY 或 USD）。</translation>
    </message>
    <message>
        <source>The probability must be between 0 and 100 percent.</source>
        <translation>赢单概率必须在 0% 到 100% 之间。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a deal status.</source>
        <translation>“%1”不是有效的商机状态。</translation>
    </message>
    <message>
        <source>A lost deal needs a reason.</source>
        <translation>输单的商机必须填写原因。</translation>
    </message>
    <message>
        <source>The reason is too long (at most %1 characters).</source>
        <translation>原因过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>The notes are too long (at most %1 characters).</source>
        <translation>备注过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>The deal does not exist.</source>
        <translation>该商机不存在。</translation>
    </message>
    <message>
        <source>The stage does not exist.</source>
        <translation>该阶段不存在。</translation>
    </message>
</context>
<context>
    <name>DemoGenerator</name>
    <message>
        <source>Generation was cancelled.</source>
        <translation>已取消生成。</translation>
    </message>
    <message>
        <source>The demo needs between %L1 and %L2 deals; %L3 were asked for.</source>
        <translation>演示数据的商机数量须在 %L1 到 %L2 之间，而请求的是 %L3 个。</translation>
    </message>
    <message>
        <source>The demo&apos;s current time must lie between the years 2000 and 9999.</source>
        <translation>演示数据的当前时间必须在 2000 年到 9999 年之间。</translation>
    </message>
    <message>
        <source>Demo data can only be generated into an empty store; this one already has data.</source>
        <translation>只能向空的数据存储生成演示数据；此数据存储中已有数据。</translation>
    </message>
</context>
<context>
    <name>EditDealCommand</name>
    <message>
        <source>Rename deal “%1” to “%2”</source>
        <translation>将商机“%1”重命名为“%2”</translation>
    </message>
    <message>
        <source>Move “%1” to %2</source>
        <translation>将“%1”移至%2</translation>
    </message>
    <message>
        <source>Mark “%1” as won</source>
        <translation>将“%1”标记为赢单</translation>
    </message>
    <message>
        <source>Mark “%1” as lost</source>
        <translation>将“%1”标记为输单</translation>
    </message>
    <message>
        <source>Reopen “%1”</source>
        <translation>重新打开“%1”</translation>
    </message>
    <message>
        <source>Edit deal “%1”</source>
        <translation>编辑商机“%1”</translation>
    </message>
</context>
<context>
    <name>LocalStore</name>
    <message>
        <source>The store %1 cannot be read: %2</source>
        <translation>无法读取数据存储 %1：%2</translation>
    </message>
    <message>
        <source>The file %1 is not an Outpost store (not an SQLite database).</source>
        <translation>文件 %1 不是 Outpost 数据存储（不是 SQLite 数据库）。</translation>
    </message>
    <message>
        <source>The store %1 was written by a newer version of Outpost (schema %2; this version understands up to %3). It was left untouched; please update Outpost to open it.</source>
        <translation>数据存储 %1 由更新版本的 Outpost 写入（架构版本 %2；当前版本最高支持 %3）。该文件未做任何改动；请升级 Outpost 后再打开。</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created for the store.</source>
        <translation>无法为数据存储创建文件夹 %1。</translation>
    </message>
    <message>
        <source>The store %1 has no device identity; it is damaged.</source>
        <translation>数据存储 %1 缺少设备标识，文件已损坏。</translation>
    </message>
    <message>
        <source>The change was rolled back.</source>
        <translation>更改已回滚。</translation>
    </message>
    <message>
        <source>The store reported an error: %1</source>
        <translation>数据存储报告错误：%1</translation>
    </message>
    <message>
        <source>The store %1 cannot be opened: %2</source>
        <translation>无法打开数据存储 %1：%2</translation>
    </message>
    <message>
        <source>The store failed its integrity check: %1</source>
        <translation>数据存储未通过完整性检查：%1</translation>
    </message>
    <message>
        <source>The file %1 cannot be opened: %2</source>
        <translation>无法打开文件 %1：%2</translation>
    </message>
    <message>
        <source>The store %1 cannot be replaced: %2</source>
        <translation>无法替换数据存储 %1：%2</translation>
    </message>
</context>
<context>
    <name>OrganizationRepository</name>
    <message>
        <source>The unit does not exist.</source>
        <translation>该团队不存在。</translation>
    </message>
    <message>
        <source>The user does not exist.</source>
        <translation>该用户不存在。</translation>
    </message>
</context>
<context>
    <name>Outpost::AboutDialog</name>
    <message>
        <source>About Outpost</source>
        <translation>关于 Outpost</translation>
    </message>
    <message>
        <source>The offline-first sales workstation</source>
        <translation>离线优先的销售工作台</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Built with Qt %1, running on Qt %2 and SQLite %3.</source>
        <translation>基于 Qt %1 构建，当前运行于 Qt %2 和 SQLite %3。</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>Outpost uses the Qt framework under the GNU Lesser General Public License version 3 (LGPL v3). Qt is linked dynamically, so you may replace it with a modified version. The license text is at &lt;a href=&quot;https://www.gnu.org/licenses/lgpl-3.0.html&quot;&gt;gnu.org/licenses/lgpl-3.0&lt;/a&gt;; Qt&apos;s source code is available from &lt;a href=&quot;https://download.qt.io/&quot;&gt;download.qt.io&lt;/a&gt;.</source>
        <translation>Outpost 依据 GNU 宽通用公共许可证第 3 版（LGPL v3）使用 Qt 框架。Qt 以动态方式链接，您可以用修改后的版本替换它。许可证全文见 &lt;a href=&quot;https://www.gnu.org/licenses/lgpl-3.0.html&quot;&gt;gnu.org/licenses/lgpl-3.0&lt;/a&gt;；Qt 源代码可从 &lt;a href=&quot;https://download.qt.io/&quot;&gt;download.qt.io&lt;/a&gt; 获取。</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>Outpost stores its data with SQLite. The authors of SQLite have dedicated it to the public domain: anyone may copy, modify, use or distribute it for any purpose, without a license. See &lt;a href=&quot;https://www.sqlite.org/copyright.html&quot;&gt;sqlite.org/copyright.html&lt;/a&gt;.</source>
        <translation>Outpost 使用 SQLite 存储数据。SQLite 的作者已将其贡献至公有领域：任何人都可以出于任何目的复制、修改、使用或分发它，无需许可证。详见 &lt;a href=&quot;https://www.sqlite.org/copyright.html&quot;&gt;sqlite.org/copyright.html&lt;/a&gt;。</translation>
    </message>
    <message>
        <source>Outpost</source>
        <translation>Outpost</translation>
    </message>
    <message>
        <source>Outpost is provided &quot;as is&quot;, without warranty of any kind.</source>
        <translation>Outpost 按“原样”提供，不附带任何形式的担保。</translation>
    </message>
    <message>
        <source>Copyright © 2026 The Outpost authors</source>
        <translation>版权所有 © 2026 Outpost 作者</translation>
    </message>
</context>
<context>
    <name>Outpost::ActivityTimelineDelegate</name>
    <message>
        <source>Overdue since %1</source>
        <translation>自 %1 起逾期</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>%1 到期</translation>
    </message>
</context>
<context>
    <name>Outpost::CustomerDealsModel</name>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
</context>
<context>
    <name>Outpost::CustomerTableModel</name>
    <message>
        <source>Enterprise</source>
        <translation>大型企业</translation>
    </message>
    <message>
        <source>Mid-market</source>
        <translation>中型企业</translation>
    </message>
    <message>
        <source>Small business</source>
        <translation>小微企业</translation>
    </message>
    <message>
        <source>Public sector</source>
        <translation>公共部门</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Open deals</source>
        <translation>在谈商机</translation>
    </message>
    <message>
        <source>Open pipeline</source>
        <translation>在谈金额</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
</context>
<context>
    <name>Outpost::CustomersPage</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Search by name, contact, city, industry or owner</source>
        <translation>按名称、联系人、城市、行业或负责人搜索</translation>
    </message>
    <message>
        <source>No customer selected</source>
        <translation>未选择客户</translation>
    </message>
    <message>
        <source>Select a customer in the list to see their contact details and deals.</source>
        <translation>在列表中选择一位客户，即可查看其联系方式和商机。</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Double-click a deal or press Enter to open it.</source>
        <translation>双击商机或按 Enter 键即可打开。</translation>
    </message>
    <message>
        <source>The customers cannot be shown</source>
        <translation>无法显示客户</translation>
    </message>
    <message numerus="yes">
        <source>%Ln customer(s)</source>
        <translation>
            <numerusform>%Ln 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln customer(s)</source>
        <translation>
            <numerusform>%1 / %Ln 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>The deals cannot be shown</source>
        <translation>无法显示商机</translation>
    </message>
    <message>
        <source>No deals yet</source>
        <translation>暂无商机</translation>
    </message>
    <message numerus="yes">
        <source>%Ln deal(s), %1 open</source>
        <translation>
            <numerusform>%Ln 个商机，%1 个进行中</numerusform>
        </translation>
    </message>
    <message>
        <source>The customer cannot be refreshed</source>
        <translation>无法刷新客户</translation>
    </message>
    <message>
        <source>The deal cannot be changed</source>
        <translation>无法更改商机</translation>
    </message>
</context>
<context>
    <name>Outpost::DealCardDelegate</name>
    <message>
        <source>Expected close %1</source>
        <translation>预计 %1 成交</translation>
    </message>
</context>
<context>
    <name>Outpost::DealDialog</name>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详细信息(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>&amp;Stage:</source>
        <translation>阶段(&amp;S)：</translation>
    </message>
    <message>
        <source>St&amp;atus:</source>
        <translation>状态(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Lost reason:</source>
        <translation>输单原因(&amp;L)：</translation>
    </message>
    <message>
        <source>Why was the deal lost?</source>
        <translation>为什么输掉了这个商机？</translation>
    </message>
    <message>
        <source>A&amp;mount:</source>
        <translation>金额(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Probability:</source>
        <translation>赢单概率(&amp;P)：</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>E&amp;xpected close:</source>
        <translation>预计成交(&amp;X)：</translation>
    </message>
    <message>
        <source>Clear the expected close date</source>
        <translation>清除预计成交日期</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>O&amp;wner:</source>
        <translation>负责人(&amp;W)：</translation>
    </message>
    <message>
        <source>P&amp;roduct:</source>
        <translation>产品(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>In stage since:</source>
        <translation>进入当前阶段：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Last updated:</source>
        <translation>最后更新：</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史记录(&amp;H)</translation>
    </message>
    <message>
        <source>No stage</source>
        <translation>无阶段</translation>
    </message>
    <message>
        <source>Required to enter this stage: %1</source>
        <translation>进入此阶段须填写：%1</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>无负责人</translation>
    </message>
    <message>
        <source>(not available)</source>
        <translation>（不可用）</translation>
    </message>
    <message>
        <source>No product</source>
        <translation>无产品</translation>
    </message>
    <message>
        <source>Deal “%1”</source>
        <translation>商机“%1”</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>无客户</translation>
    </message>
    <message>
        <source>“%1” is not an amount. Enter a number with at most two decimals, for example %2.</source>
        <translation>“%1”不是有效的金额。请输入最多两位小数的数字，例如 %2。</translation>
    </message>
    <message>
        <source>%1 (entered today)</source>
        <translation>%1（今天进入）</translation>
    </message>
    <message>
        <source>%1 (one day in this stage)</source>
        <translation>%1（已在此阶段 1 天）</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n days in this stage)</source>
        <extracomment>%1 is a date</extracomment>
        <translation>
            <numerusform>%1（已在此阶段 %n 天）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::DealHistoryModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>To</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Unknown user</source>
        <translation>未知用户</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>(not available)</source>
        <translation>（不可用）</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1 (conflict)</source>
        <translation>%1（冲突）</translation>
    </message>
    <message>
        <source>This value was replaced by a concurrent change; it is kept here so that nothing is lost.</source>
        <translation>此值已被同时发生的另一项更改替换；保留在这里，确保不丢失任何数据。</translation>
    </message>
    <message>
        <source>Received from the server.</source>
        <translation>来自服务器。</translation>
    </message>
</context>
<context>
    <name>Outpost::DealTimelineWidget</name>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Plan for</source>
        <translation>计划于</translation>
    </message>
    <message>
        <source>Plan the activity instead of logging it as done</source>
        <translation>将活动列入计划，而不是记录为已完成</translation>
    </message>
    <message>
        <source>&amp;Add to Timeline</source>
        <translation>添加到时间线(&amp;A)</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Notes (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>When it happened, or when it is due</source>
        <translation>发生时间或到期时间</translation>
    </message>
    <message>
        <source>What was the call about?</source>
        <translation>这次通话的主题是什么？</translation>
    </message>
    <message>
        <source>What was the meeting about?</source>
        <translation>这次会议的主题是什么？</translation>
    </message>
    <message>
        <source>A short title for the note</source>
        <translation>笔记的简短标题</translation>
    </message>
</context>
<context>
    <name>Outpost::HttpSyncTransport</name>
    <message>
        <source>the answer is larger than %1 bytes</source>
        <translation>响应大于 %1 字节</translation>
    </message>
    <message>
        <source>the snapshot has no valid epoch</source>
        <translation>快照缺少有效的纪元</translation>
    </message>
    <message>
        <source>the snapshot has no valid cursor</source>
        <translation>快照缺少有效的游标</translation>
    </message>
    <message>
        <source>the snapshot has no valid schema version</source>
        <translation>快照缺少有效的结构版本</translation>
    </message>
    <message>
        <source>the snapshot has no valid SHA-256</source>
        <translation>快照缺少有效的 SHA-256</translation>
    </message>
    <message>
        <source>the snapshot has no size</source>
        <translation>快照未注明大小</translation>
    </message>
    <message>
        <source>the snapshot is larger than %1 bytes</source>
        <translation>快照大于 %1 字节</translation>
    </message>
    <message>
        <source>the snapshot cannot be written to %1: %2</source>
        <translation>无法将快照写入 %1：%2</translation>
    </message>
    <message>
        <source>the snapshot is longer than announced</source>
        <translation>快照比声明的更长</translation>
    </message>
    <message>
        <source>the snapshot ended after %1 of %2 bytes</source>
        <translation>快照在 %2 字节中的第 %1 字节处中断</translation>
    </message>
    <message>
        <source>the snapshot&apos;s SHA-256 is wrong</source>
        <translation>快照的 SHA-256 不正确</translation>
    </message>
    <message>
        <source>the snapshot is not compressed as expected</source>
        <translation>快照的压缩方式不符合预期</translation>
    </message>
    <message>
        <source>the snapshot has no valid length</source>
        <translation>快照缺少有效的长度</translation>
    </message>
    <message>
        <source>the snapshot holds %1 bytes instead of %2</source>
        <translation>快照包含 %1 字节，而不是 %2 字节</translation>
    </message>
</context>
<context>
    <name>Outpost::MainWindow</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <source>Unit lead</source>
        <translation>团队负责人</translation>
    </message>
    <message>
        <source>Headquarters</source>
        <translation>总部</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Customer success manager</source>
        <translation>客户成功经理</translation>
    </message>
    <message>
        <source>Delivery specialist</source>
        <translation>交付专员</translation>
    </message>
    <message>
        <source>Data strategist</source>
        <translation>数据策略师</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Find Customer…</source>
        <translation>查找客户(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;About Outpost</source>
        <translation>关于 Outpost(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>显示“%1”</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销：%1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做：%1(&amp;R)</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Signed in as %1, %2</source>
        <translation>已登录：%1，%2</translation>
    </message>
    <message>
        <source>No unit</source>
        <translation>无团队</translation>
    </message>
    <message>
        <source>Your sales unit</source>
        <translation>您所在的销售团队</translation>
    </message>
    <message>
        <source>Profile %1, stored in %2</source>
        <translation>配置文件 %1，存储于 %2</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>销售管道</translation>
    </message>
    <message>
        <source>&amp;Find Deals…</source>
        <translation>查找商机(&amp;F)…</translation>
    </message>
    <message>
        <source>Sync Issues (%1)</source>
        <translation>同步问题（%1）</translation>
    </message>
    <message>
        <source>Sync Issues</source>
        <translation>同步问题</translation>
    </message>
    <message>
        <source>Sign &amp;In…</source>
        <translation>登录(&amp;I)…</translation>
    </message>
    <message>
        <source>Sign in to the sync server to share changes with your team</source>
        <translation>登录同步服务器，与团队共享更改</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>End the session with the sync server</source>
        <translation>结束与同步服务器的会话</translation>
    </message>
    <message>
        <source>&amp;Sync Now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>Send your changes and receive your team&apos;s now</source>
        <translation>立即发送您的更改并接收团队的更改</translation>
    </message>
    <message>
        <source>Sign Out</source>
        <translation>退出登录</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) have not reached the server yet.</source>
        <translation>
            <numerusform>还有 %n 项更改尚未到达服务器。</numerusform>
        </translation>
    </message>
    <message>
        <source>They stay on this computer and are sent after you sign in again. Sign out now?</source>
        <translation>这些更改会保留在本机，并在您再次登录后发送。现在退出登录吗？</translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineBoardModel</name>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>%1 (weighted %2)</source>
        <extracomment>%1 is an amount of money, %2 the probability-weighted amount</extracomment>
        <translation>%1（加权 %2）</translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineBoardWidget</name>
    <message>
        <source>No deals in this stage</source>
        <translation>此阶段暂无商机</translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineCardDelegate</name>
    <message>
        <source>d MMM</source>
        <comment>short date on a card, this year</comment>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <comment>short date on a card, another year</comment>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message numerus="yes">
        <source>Rotting %nd</source>
        <extracomment>a badge on a card: the deal has had no update for %n days</extracomment>
        <translation>
            <numerusform>停滞 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%nd</source>
        <extracomment>days a deal has been in its stage, as short as possible</extracomment>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d overdue</source>
        <translation>
            <numerusform>逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineColumnHeader</name>
    <message numerus="yes">
        <source>Deals rot after %n day(s) without an update</source>
        <translation>
            <numerusform>商机超过 %n 天未更新即视为停滞</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 deals, %2, weighted %3</source>
        <translation>%1 个商机，%2，加权 %3</translation>
    </message>
    <message>
        <source>Weighted %1</source>
        <extracomment>%1 is a probability-weighted amount of money</extracomment>
        <translation>加权 %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln deal(s)</source>
        <translation>
            <numerusform>%Ln 个商机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rotting</source>
        <translation>
            <numerusform>%Ln 个停滞</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineColumnModel</name>
    <message>
        <source>Expected close: %1</source>
        <translation>预计成交：%1</translation>
    </message>
    <message>
        <source>Owner: %1</source>
        <translation>负责人：%1</translation>
    </message>
    <message numerus="yes">
        <source>Rotting: no update for %n day(s)</source>
        <translation>
            <numerusform>停滞：已 %n 天未更新</numerusform>
        </translation>
    </message>
    <message>
        <source>No activity planned</source>
        <translation>未计划活动</translation>
    </message>
    <message>
        <source>Next activity: %1</source>
        <translation>下一项活动：%1</translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineDropZone</name>
    <message>
        <source>Drop deals here to mark them won. Click to show won deals.</source>
        <translation>将商机拖放到此处即标记为赢单。点击可查看赢单的商机。</translation>
    </message>
    <message>
        <source>Drop deals here to mark them lost. Click to show lost deals.</source>
        <translation>将商机拖放到此处即标记为输单。点击可查看输单的商机。</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>Release to mark as won</source>
        <translation>松开即标记为赢单</translation>
    </message>
    <message>
        <source>Release to mark as lost</source>
        <translation>松开即标记为输单</translation>
    </message>
    <message>
        <source>Drop here to mark as won</source>
        <translation>拖放到此处标记为赢单</translation>
    </message>
    <message>
        <source>Drop here to mark as lost</source>
        <translation>拖放到此处标记为输单</translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineFilterBar</name>
    <message>
        <source>Open deals</source>
        <translation>在谈商机</translation>
    </message>
    <message>
        <source>Won deals</source>
        <translation>赢单商机</translation>
    </message>
    <message>
        <source>Lost deals</source>
        <translation>输单商机</translation>
    </message>
    <message>
        <source>All deals</source>
        <translation>全部商机</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Next 30 days</source>
        <translation>未来 30 天</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>Next quarter</source>
        <translation>下季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>自定义范围…</translation>
    </message>
    <message>
        <source>Search deals, customers and notes</source>
        <translation>搜索商机、客户和备注</translation>
    </message>
    <message>
        <source>Search deals</source>
        <translation>搜索商机</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>All product lines</source>
        <translation>全部产品线</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最低</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最高</translation>
    </message>
    <message>
        <source>Minimum amount</source>
        <translation>最低金额</translation>
    </message>
    <message>
        <source>Maximum amount</source>
        <translation>最高金额</translation>
    </message>
    <message>
        <source>Expected &amp;close</source>
        <translation>预计成交(&amp;C)</translation>
    </message>
    <message>
        <source>Expected close from</source>
        <translation>预计成交起始日期</translation>
    </message>
    <message>
        <source>Expected close to</source>
        <translation>预计成交截止日期</translation>
    </message>
    <message>
        <source>&amp;Rotting only</source>
        <translation>仅显示停滞商机(&amp;R)</translation>
    </message>
    <message>
        <source>Only deals without an update for longer than their stage allows</source>
        <translation>只显示超过所在阶段允许天数仍未更新的商机</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部团队</translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>%n 个团队</numerusform>
        </translation>
    </message>
    <message>
        <source>Showing every unit</source>
        <translation>显示所有团队</translation>
    </message>
    <message>
        <source>Enter an amount such as %1</source>
        <translation>请输入金额，例如 %1</translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineMover</name>
    <message>
        <source>Mark as lost</source>
        <translation>标记为输单</translation>
    </message>
    <message>
        <source>Why was this deal lost? The reason helps the team learn.</source>
        <translation>这个商机为什么输单？记录原因有助于团队总结经验。</translation>
    </message>
    <message numerus="yes">
        <source>Why were these %n deals lost?</source>
        <translation>
            <numerusform>这 %n 个商机为什么输单？</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark as Lost</source>
        <translation>标记为输单</translation>
    </message>
    <message>
        <source>The deal “%1” has no stage at this position.</source>
        <translation>商机“%1”在此位置没有对应的阶段。</translation>
    </message>
    <message>
        <source>Move to %1</source>
        <translation>移至%1</translation>
    </message>
    <message>
        <source>Move to %1 (deal %2 of %3)</source>
        <translation>移至%1（第 %2 个，共 %3 个）</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n deal(s) as won</source>
        <translation>
            <numerusform>将 %n 个商机标记为赢单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n deal(s) as lost</source>
        <translation>
            <numerusform>将 %n 个商机标记为输单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n deal(s) to %1</source>
        <translation>
            <numerusform>将 %n 个商机移至%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelinePage</name>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Days in stage</source>
        <translation>阶段停留天数</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>销售管道</translation>
    </message>
    <message>
        <source>&amp;Sort by</source>
        <translation>排序方式(&amp;S)</translation>
    </message>
    <message>
        <source>Ascending: click for descending</source>
        <translation>升序：点击切换为降序</translation>
    </message>
    <message>
        <source>Descending: click for ascending</source>
        <translation>降序：点击切换为升序</translation>
    </message>
    <message>
        <source>Ascending</source>
        <translation>升序</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>降序</translation>
    </message>
    <message>
        <source>&amp;Open Deal</source>
        <translation>打开商机(&amp;O)</translation>
    </message>
    <message>
        <source>Open the selected deal (Return or double-click)</source>
        <translation>打开所选商机（按 Enter 或双击）</translation>
    </message>
    <message>
        <source>Move to &amp;Next Stage</source>
        <translation>移至下一阶段(&amp;N)</translation>
    </message>
    <message>
        <source>Move to &amp;Previous Stage</source>
        <translation>移至上一阶段(&amp;P)</translation>
    </message>
    <message>
        <source>Mark as &amp;Won</source>
        <translation>标记为赢单(&amp;W)</translation>
    </message>
    <message>
        <source>Mark as &amp;Lost…</source>
        <translation>标记为输单(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Reopen</source>
        <translation>重新打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Search Deals</source>
        <translation>搜索商机(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Clear Filters</source>
        <translation>清除筛选(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Board</source>
        <translation>看板(&amp;B)</translation>
    </message>
    <message>
        <source>Show the deals as a board</source>
        <translation>以看板形式显示商机</translation>
    </message>
    <message>
        <source>&amp;List</source>
        <translation>列表(&amp;L)</translation>
    </message>
    <message>
        <source>Show the deals as a list</source>
        <translation>以列表形式显示商机</translation>
    </message>
    <message>
        <source>&amp;Export to CSV…</source>
        <translation>导出为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the deals shown in the list as a CSV file</source>
        <translation>将列表中显示的商机保存为 CSV 文件</translation>
    </message>
    <message>
        <source>&amp;Pipeline</source>
        <translation>销售管道(&amp;P)</translation>
    </message>
    <message>
        <source>Loading the pipeline…</source>
        <translation>正在加载销售管道…</translation>
    </message>
    <message>
        <source>The deals cannot be read.</source>
        <translation>无法读取商机。</translation>
    </message>
    <message>
        <source>The pipeline cannot be shown: %1</source>
        <translation>无法显示销售管道：%1</translation>
    </message>
    <message>
        <source>The pipeline cannot be shown.</source>
        <translation>无法显示销售管道。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>pipeline-%1.csv</source>
        <extracomment>the suggested file name of a CSV export; %1 is today&apos;s date</extracomment>
        <translation>销售管道-%1.csv</translation>
    </message>
    <message>
        <source>Export Deals</source>
        <translation>导出商机</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The deals could not be exported.</source>
        <translation>无法导出商机。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln open deal(s)</source>
        <translation>
            <numerusform>%Ln 个进行中的商机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deal(s) match</source>
        <translation>
            <numerusform>%Ln 个商机符合条件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln deal(s) to %1.</source>
        <translation>
            <numerusform>已将 %Ln 个商机导出到 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outpost::PipelineTableModel</name>
    <message>
        <source>%1 · %2</source>
        <extracomment>%1 is an activity kind (Call, Meeting, ...), %2 its due date</extracomment>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>Rotting: no update for %n day(s)</source>
        <translation>
            <numerusform>停滞：已 %n 天未更新</numerusform>
        </translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>赢单概率</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <source>Days in stage</source>
        <translation>阶段停留天数</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <source>Next activity</source>
        <translation>下一项活动</translation>
    </message>
</context>
<context>
    <name>Outpost::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Display language:</source>
        <translation>界面语言(&amp;D)：</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The new language applies as soon as you click OK; open windows and unsaved work stay as they are.</source>
        <translation>点击“确定”后新语言立即生效；已打开的窗口和未保存的工作都会保持原样。</translation>
    </message>
</context>
<context>
    <name>Outpost::ProfileLauncher</name>
    <message>
        <source>Outpost</source>
        <translation>Outpost</translation>
    </message>
    <message>
        <source>The profile cannot be opened.</source>
        <translation>无法打开配置文件。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid profile name: use up to 64 letters, digits, &quot;-&quot; and &quot;_&quot;.</source>
        <translation>“%1”不是有效的配置文件名：请使用最多 64 个字母、数字、“-”和“_”。</translation>
    </message>
    <message>
        <source>The profile &quot;%1&quot; cannot be opened.</source>
        <translation>无法打开配置文件“%1”。</translation>
    </message>
    <message>
        <source>The demo data cannot be created.</source>
        <translation>无法创建演示数据。</translation>
    </message>
    <message numerus="yes">
        <source>Creating a demo sales organization with %Ln deal(s)…</source>
        <translation>
            <numerusform>正在创建含 %Ln 个商机的演示销售组织…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Preparing the demo</source>
        <translation>正在准备演示</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>Outpost::Replicator</name>
    <message>
        <source>Synchronization is stopped.</source>
        <translation>同步已停止。</translation>
    </message>
    <message>
        <source>Not signed in to the sync server.</source>
        <translation>未登录同步服务器。</translation>
    </message>
    <message>
        <source>Signing in to %1…</source>
        <translation>正在登录 %1…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s)…</source>
        <translation>
            <numerusform>正在发送 %n 项更改…</numerusform>
        </translation>
    </message>
    <message>
        <source>the server did not answer every change</source>
        <translation>服务器未答复所有更改</translation>
    </message>
    <message>
        <source>Receiving changes (%1 of about %2)…</source>
        <translation>正在接收更改（%1 / 约 %2）…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>正在接收更改…</translation>
    </message>
    <message>
        <source>the server keeps asking for a full resync</source>
        <translation>服务器反复要求完全重新同步</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>已是最新。</translation>
    </message>
    <message numerus="yes">
        <source>Offline: changes are kept on this computer and sent when %1 can be reached (next try in %n s).</source>
        <translation>
            <numerusform>离线：更改保存在本机，待能连接 %1 时发送（%n 秒后重试）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Next try in %n s.</source>
        <translation>
            <numerusform>%n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Receiving a copy of your data (%1 of %2 MB)…</source>
        <translation>正在接收您的数据副本（%1 / %2 MB）…</translation>
    </message>
    <message>
        <source>Receiving a copy of your data…</source>
        <translation>正在接收您的数据副本…</translation>
    </message>
    <message>
        <source>Storing a copy of your data…</source>
        <translation>正在保存您的数据副本…</translation>
    </message>
</context>
<context>
    <name>Outpost::SignInDialog</name>
    <message>
        <source>Sign In</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in to your sync server</source>
        <translation>登录您的同步服务器</translation>
    </message>
    <message>
        <source>Outpost works offline. Signing in keeps this profile in sync with your team: your changes are sent and theirs arrive in the background.</source>
        <translation>Outpost 可离线工作。登录后，此配置文件会与团队保持同步：您的更改在后台发送，团队的更改在后台到达。</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>https://sync.example.com:8443</source>
        <translation>https://sync.example.com:8443</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <source>name@company.example</source>
        <translation>name@company.example</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>A secure connection to %1 could not be established. Use an https:// address only if the server has TLS, and check that its certificate is trusted on this computer.</source>
        <translation>无法与 %1 建立安全连接。仅当服务器启用 TLS 时才使用 https:// 地址，并检查本机是否信任其证书。</translation>
    </message>
    <message>
        <source>%1 cannot be reached. Check the address and your network connection; you can keep working offline in the meantime.</source>
        <translation>无法连接 %1。请检查地址和网络连接；在此期间您可以继续离线工作。</translation>
    </message>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>登录名或密码错误。</translation>
    </message>
    <message>
        <source>Too many sign-in attempts. Wait a few minutes, then try again.</source>
        <translation>登录尝试次数过多。请等待几分钟后再试。</translation>
    </message>
    <message numerus="yes">
        <source>Too many sign-in attempts. Try again in %n second(s).</source>
        <translation>
            <numerusform>登录尝试次数过多。请在 %n 秒后再试。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many sign-in attempts. Try again in %n minute(s).</source>
        <translation>
            <numerusform>登录尝试次数过多。请在 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <source>The sync server has a problem (HTTP %1). Try again in a moment.</source>
        <translation>同步服务器出现问题（HTTP %1）。请稍后再试。</translation>
    </message>
    <message>
        <source>The server does not let this account sign in.</source>
        <translation>服务器不允许此账户登录。</translation>
    </message>
    <message>
        <source>%1 did not answer like an Outpost sync server. Check the address.</source>
        <translation>%1 的响应不像 Outpost 同步服务器。请检查地址。</translation>
    </message>
    <message>
        <source>The server refused the sign-in. Please try again.</source>
        <translation>服务器拒绝了登录。请重试。</translation>
    </message>
    <message>
        <source>The server refused the sign-in (HTTP %1).</source>
        <translation>服务器拒绝了登录（HTTP %1）。</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>请输入登录名。</translation>
    </message>
    <message>
        <source>A login has no spaces.</source>
        <translation>登录名不能包含空格。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Signing in to %1…</source>
        <translation>正在登录 %1…</translation>
    </message>
</context>
<context>
    <name>Outpost::StageGateDialog</name>
    <message>
        <source>Before the move</source>
        <translation>移动之前</translation>
    </message>
    <message>
        <source>:</source>
        <comment>after a field label</comment>
        <translation>：</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>例如 %1</translation>
    </message>
    <message>
        <source>Choose a product…</source>
        <translation>选择产品…</translation>
    </message>
    <message>
        <source>Type to find a customer</source>
        <translation>输入以查找客户</translation>
    </message>
    <message>
        <source>Choose an owner…</source>
        <translation>选择负责人…</translation>
    </message>
    <message>
        <source>Choose or type a reason</source>
        <translation>选择或输入原因</translation>
    </message>
    <message>
        <source>“%1” is not an amount. Enter a number such as %2.</source>
        <translation>“%1”不是有效的金额。请输入数字，例如 %2。</translation>
    </message>
    <message>
        <source>Fill in %1.</source>
        <extracomment>%1 is the name of a field, e.g. &quot;Amount&quot;</extracomment>
        <translation>请填写%1。</translation>
    </message>
</context>
<context>
    <name>Outpost::SyncIssuesModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Your value</source>
        <translation>您的值</translation>
    </message>
    <message>
        <source>Server value</source>
        <translation>服务器的值</translation>
    </message>
    <message>
        <source>Sales unit</source>
        <translation>销售团队</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Interaction</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>报价</translation>
    </message>
    <message>
        <source>Quote version</source>
        <translation>报价版本</translation>
    </message>
    <message>
        <source>Data grant</source>
        <translation>数据授权</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>提议</translation>
    </message>
    <message>
        <source>Collaboration request</source>
        <translation>协作请求</translation>
    </message>
    <message>
        <source>Budget request</source>
        <translation>预算申请</translation>
    </message>
    <message>
        <source>NPS response</source>
        <translation>NPS 回复</translation>
    </message>
    <message>
        <source>Service ticket</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Automation rule</source>
        <translation>自动化规则</translation>
    </message>
    <message>
        <source>Automation log entry</source>
        <translation>自动化日志条目</translation>
    </message>
    <message>
        <source>Whole record</source>
        <translation>整条记录</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Deleted elsewhere</source>
        <translation>已在别处删除</translation>
    </message>
    <message>
        <source>Edited elsewhere; your value kept</source>
        <translation>已在别处编辑；保留了您的值</translation>
    </message>
    <message>
        <source>Edited elsewhere; server&apos;s value kept</source>
        <translation>已在别处编辑；保留了服务器的值</translation>
    </message>
    <message>
        <source>Not allowed for your role or unit</source>
        <translation>您的角色或团队无权执行</translation>
    </message>
    <message>
        <source>Value not accepted</source>
        <translation>值未被接受</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is ahead</source>
        <translation>本机时钟超前</translation>
    </message>
    <message>
        <source>Field unknown to the server</source>
        <translation>服务器不识别该字段</translation>
    </message>
    <message>
        <source>Record type unknown to the server</source>
        <translation>服务器不识别该记录类型</translation>
    </message>
    <message>
        <source>Different Outpost versions</source>
        <translation>Outpost 版本不一致</translation>
    </message>
    <message>
        <source>Change number already used</source>
        <translation>更改编号已被使用</translation>
    </message>
    <message>
        <source>Rejected by the server</source>
        <translation>被服务器拒绝</translation>
    </message>
    <message>
        <source>Rejected by the server (%1)</source>
        <translation>被服务器拒绝（%1）</translation>
    </message>
    <message>
        <source>Someone else deleted the record while you edited it. Re-apply your values to restore it with your edit.</source>
        <translation>在您编辑时，其他人删除了这条记录。重新应用您的值即可连同您的编辑一起恢复它。</translation>
    </message>
    <message>
        <source>Someone else changed the same field at the same time. Your value was kept; the value it replaced stays in the record&apos;s history.</source>
        <translation>其他人同时修改了同一字段。已保留您的值；被替换的值保留在记录历史中。</translation>
    </message>
    <message>
        <source>Someone else changed the same field at the same time, and the server kept its value for this important field. Yours stays in the record&apos;s history; re-apply it to overwrite the server&apos;s value.</source>
        <translation>其他人同时修改了同一字段，对于这个重要字段，服务器保留了它的值。您的值保留在记录历史中；重新应用即可覆盖服务器的值。</translation>
    </message>
    <message>
        <source>The server does not allow this change for your role, or the record belongs to a unit outside yours.</source>
        <translation>服务器不允许您的角色进行此更改，或该记录属于您所在团队之外的团队。</translation>
    </message>
    <message>
        <source>The server does not accept a value of this change (its type, size or a reference to another record).</source>
        <translation>服务器不接受此更改中的某个值（类型、大小或对其他记录的引用有误）。</translation>
    </message>
    <message>
        <source>The clock of this computer is more than five minutes ahead of the server&apos;s. Correct the clock, then re-apply.</source>
        <translation>本机时钟比服务器快五分钟以上。请校正时钟后重新应用。</translation>
    </message>
    <message>
        <source>This Outpost and the server are different versions; one of them needs an update. Re-apply after the update.</source>
        <translation>此 Outpost 与服务器版本不一致，其中之一需要更新。更新后请重新应用。</translation>
    </message>
    <message>
        <source>The server recorded another change under this change&apos;s number (a copied profile?). Re-apply to send it as a new change.</source>
        <translation>服务器已用此更改的编号记录了另一项更改（是否复制了配置文件？）。重新应用即可作为新更改发送。</translation>
    </message>
    <message>
        <source>The server rejected the change.</source>
        <translation>服务器拒绝了此更改。</translation>
    </message>
    <message>
        <source>Nothing was changed on the server.</source>
        <translation>服务器上未做任何更改。</translation>
    </message>
    <message>
        <source>%1 (no name)</source>
        <translation>%1（无名称）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>(not on this computer)</source>
        <translation>（不在本机上）</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Not deleted</source>
        <translation>未删除</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>(no values)</source>
        <translation>（无值）</translation>
    </message>
    <message>
        <source>(not sent)</source>
        <translation>（未发送）</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>%1
The server said: %2</source>
        <translation>%1
服务器消息：%2</translation>
    </message>
    <message>
        <source>The server did not send its value (you may not see this record).</source>
        <translation>服务器未发送其值（您可能无权查看此记录）。</translation>
    </message>
</context>
<context>
    <name>Outpost::SyncIssuesPage</name>
    <message>
        <source>Sync Issues</source>
        <translation>同步问题</translation>
    </message>
    <message>
        <source>&amp;Re-apply My Value</source>
        <translation>重新应用我的值(&amp;R)</translation>
    </message>
    <message>
        <source>Send your value again as a new change</source>
        <translation>将您的值作为新更改再次发送</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>忽略(&amp;D)</translation>
    </message>
    <message>
        <source>Accept the server&apos;s value and close the issue (Delete)</source>
        <translation>接受服务器的值并关闭此问题（Delete）</translation>
    </message>
    <message>
        <source>Changes the server refused, and edits that collided with someone else&apos;s, are kept here with both values so that nothing is lost. Re-apply your value to send it again as a new change, or dismiss the issue to keep the server&apos;s value.</source>
        <translation>服务器拒绝的更改以及与他人编辑冲突的修改都会连同双方的值保存在这里，不会丢失任何内容。重新应用您的值可将其作为新更改再次发送，忽略此问题则保留服务器的值。</translation>
    </message>
    <message>
        <source>No sync issues</source>
        <translation>没有同步问题</translation>
    </message>
    <message>
        <source>Everything you changed has reached the server or is waiting to be sent. If the server refuses a change, or someone else edits the same field at the same time, it shows up here.</source>
        <translation>您的所有更改都已到达服务器或正在等待发送。如果服务器拒绝某项更改，或其他人同时编辑了同一字段，会显示在这里。</translation>
    </message>
    <message>
        <source>The sync issues cannot be read</source>
        <translation>无法读取同步问题</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Some values cannot be re-applied</source>
        <translation>部分值无法重新应用</translation>
    </message>
    <message>
        <source>Some issues cannot be dismissed</source>
        <translation>部分问题无法忽略</translation>
    </message>
    <message>
        <source>&amp;Re-apply My Values (%1)</source>
        <translation>重新应用我的值(&amp;R)（%1）</translation>
    </message>
    <message>
        <source>&amp;Dismiss (%1)</source>
        <translation>忽略(&amp;D)（%1）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln open issue(s)</source>
        <translation>
            <numerusform>%Ln 个未解决的问题</numerusform>
        </translation>
    </message>
    <message>
        <source>No issue selected</source>
        <translation>未选择问题</translation>
    </message>
    <message>
        <source>Select an issue to see what happened and both values.</source>
        <translation>选择一个问题以查看发生了什么以及双方的值。</translation>
    </message>
    <message>
        <source>the server said: %1</source>
        <translation>服务器消息：%1</translation>
    </message>
    <message>
        <source>Your value (%1): %2</source>
        <translation>您的值（%1）：%2</translation>
    </message>
    <message>
        <source>Server value: %1</source>
        <translation>服务器的值：%1</translation>
    </message>
</context>
<context>
    <name>Outpost::SyncSession</name>
    <message>
        <source>No sync server is set up for this profile.</source>
        <translation>此配置文件尚未设置同步服务器。</translation>
    </message>
    <message>
        <source>Not signed in to the sync server.</source>
        <translation>未登录同步服务器。</translation>
    </message>
    <message>
        <source>Enter the server address, your login and your password.</source>
        <translation>请输入服务器地址、登录名和密码。</translation>
    </message>
    <message>
        <source>This profile holds the data of %1. Sign in as %1, or open another profile (--profile) to sign in as %2.</source>
        <translation>此配置文件保存的是 %1 的数据。请以 %1 登录，或打开另一个配置文件（--profile）以 %2 登录。</translation>
    </message>
</context>
<context>
    <name>Outpost::SyncStatusWidget</name>
    <message>
        <source>Synced just now</source>
        <translation>刚刚已同步</translation>
    </message>
    <message numerus="yes">
        <source>Synced %n min ago</source>
        <translation>
            <numerusform>%n 分钟前已同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %n h ago</source>
        <translation>
            <numerusform>%n 小时前已同步</numerusform>
        </translation>
    </message>
    <message>
        <source>Synced on %1</source>
        <translation>已于 %1 同步</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>This profile is not connected to a sync server; everything stays on this computer. Click to sign in.</source>
        <translation>此配置文件未连接同步服务器；所有内容都保留在本机。点击登录。</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <source>Not signed in to %1: your changes stay on this computer until you sign in. Click to sign in.</source>
        <translation>未登录 %1：在您登录前，更改会保留在本机。点击登录。</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>The sync server cannot be reached. Your changes are kept on this computer and sent when it can be reached.</source>
        <translation>无法连接同步服务器。您的更改保存在本机，待可连接时发送。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connecting to %1.</source>
        <translation>正在连接 %1。</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>正在发送更改…</translation>
    </message>
    <message>
        <source>Sending your changes to the server.</source>
        <translation>正在将您的更改发送到服务器。</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>正在接收更改…</translation>
    </message>
    <message>
        <source>Receiving your team&apos;s changes from the server.</source>
        <translation>正在从服务器接收团队的更改。</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Up to date with %1.</source>
        <translation>已与 %1 同步至最新。</translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation>同步出现问题</translation>
    </message>
    <message>
        <source>Click to synchronize now (F5).</source>
        <translation>点击立即同步（F5）。</translation>
    </message>
    <message>
        <source>Synchronization: %1</source>
        <translation>同步：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n 项更改待发送</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes made on this computer that the server has not confirmed yet.</source>
        <translation>在本机所做、服务器尚未确认的更改。</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>上次成功同步：%1</translation>
    </message>
    <message>
        <source>Receiving changes: %1 rows of about %2.</source>
        <translation>正在接收更改：%1 行 / 约 %2 行。</translation>
    </message>
    <message>
        <source>%1 of about %2</source>
        <translation>%1 / 约 %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Receiving a copy of your data for the first sync: %1 of %2.</source>
        <translation>正在为首次同步接收您的数据副本：%1 / %2。</translation>
    </message>
</context>
<context>
    <name>Outpost::TokenVault</name>
    <message>
        <source>No keychain is available on this computer, so your sign-in is kept only until Outpost closes; you will need to sign in again next time.</source>
        <translation>本机没有可用的钥匙串，因此登录状态只保留到 Outpost 关闭；下次需要重新登录。</translation>
    </message>
    <message>
        <source>No keychain: your sign-in lasts until Outpost closes.</source>
        <translation>无钥匙串：登录状态保持到 Outpost 关闭。</translation>
    </message>
</context>
<context>
    <name>PipelineLoader</name>
    <message>
        <source>The deal does not exist.</source>
        <translation>该商机不存在。</translation>
    </message>
</context>
<context>
    <name>PipelineScope</name>
    <message>
        <source>%1 belongs to no unit, so no pipeline can be shown.</source>
        <translation>%1 不属于任何团队，因此无法显示销售管道。</translation>
    </message>
</context>
<context>
    <name>ProductRepository</name>
    <message>
        <source>The product does not exist.</source>
        <translation>该产品不存在。</translation>
    </message>
</context>
<context>
    <name>ProtocolCodec</name>
    <message>
        <source>The body is larger than %1 bytes.</source>
        <translation>消息体大于 %1 字节。</translation>
    </message>
    <message>
        <source>The body is not valid JSON: %1 at offset %2.</source>
        <translation>消息体不是有效的 JSON：偏移 %2 处 %1。</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>消息体必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; is missing.</source>
        <translation>缺少成员“%1”。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be a string.</source>
        <translation>成员“%1”必须是字符串。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; is longer than %2 characters.</source>
        <translation>成员“%1”超过 %2 个字符。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must not be empty.</source>
        <translation>成员“%1”不能为空。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be a lowercase UUIDv7.</source>
        <translation>成员“%1”必须是小写的 UUIDv7。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be an integer.</source>
        <translation>成员“%1”必须是整数。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be at least %2.</source>
        <translation>成员“%1”必须至少为 %2。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be true or false.</source>
        <translation>成员“%1”必须是 true 或 false。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be an object.</source>
        <translation>成员“%1”必须是对象。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be an array.</source>
        <translation>成员“%1”必须是数组。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; has more than %2 entries.</source>
        <translation>成员“%1”的条目超过 %2 个。</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; must have 1 to %2 characters.</source>
        <translation>名称“%1”必须为 1 到 %2 个字符。</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; may only contain a-z, 0-9 and _.</source>
        <translation>名称“%1”只能包含 a-z、0-9 和 _。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be null, an integer or a string.</source>
        <translation>成员“%1”必须是 null、整数或字符串。</translation>
    </message>
    <message>
        <source>The member &quot;schema_version&quot; is too large.</source>
        <translation>成员“schema_version”过大。</translation>
    </message>
    <message>
        <source>The member &quot;ops&quot; must be an array.</source>
        <translation>成员“ops”必须是数组。</translation>
    </message>
    <message>
        <source>A push carries at most %1 ops; this one has %2.</source>
        <translation>一次推送最多包含 %1 个操作；此次有 %2 个。</translation>
    </message>
    <message>
        <source>The member &quot;%1.op&quot; must be insert, update, delete or undelete.</source>
        <translation>成员“%1.op”必须是 insert、update、delete 或 undelete。</translation>
    </message>
    <message>
        <source>The member &quot;%1.device_seq&quot; must be greater than the previous op&apos;s (ops are in ascending device_seq).</source>
        <translation>成员“%1.device_seq”必须大于前一个操作的值（操作按 device_seq 升序排列）。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; must be empty for %2.</source>
        <translation>对于 %2，成员“%1”必须为空。</translation>
    </message>
    <message>
        <source>The member &quot;%1.status&quot; must be applied, merged or rejected.</source>
        <translation>成员“%1.status”必须是 applied、merged 或 rejected。</translation>
    </message>
    <message>
        <source>The member &quot;%1.kept&quot; must be server or client.</source>
        <translation>成员“%1.kept”必须是 server 或 client。</translation>
    </message>
    <message>
        <source>The member &quot;type&quot; must be hello or poke.</source>
        <translation>成员“type”必须是 hello 或 poke。</translation>
    </message>
</context>
<context>
    <name>PullPageParser</name>
    <message>
        <source>unexpected end of the body</source>
        <translation>正文意外结束</translation>
    </message>
    <message>
        <source>unexpected character</source>
        <translation>意外的字符</translation>
    </message>
    <message>
        <source>a member name must be a string</source>
        <translation>成员名必须是字符串</translation>
    </message>
    <message>
        <source>a control character in a string</source>
        <translation>字符串中含有控制字符</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>字符串未结束</translation>
    </message>
    <message>
        <source>an invalid escape sequence</source>
        <translation>无效的转义序列</translation>
    </message>
    <message>
        <source>an invalid number</source>
        <translation>无效的数字</translation>
    </message>
    <message>
        <source>values nested too deeply</source>
        <translation>值的嵌套层次过深</translation>
    </message>
    <message>
        <source>text after the end of the body</source>
        <translation>正文结束后还有多余内容</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>无效的 UTF-8 编码</translation>
    </message>
</context>
<context>
    <name>RawWriteBaseline</name>
    <message>
        <source>&quot;%1&quot; cannot be a column of the baseline table.</source>
        <translation>“%1”不能作为基线表的列。</translation>
    </message>
    <message>
        <source>Internal error: the baseline table was not created.</source>
        <translation>内部错误：未能创建基线表。</translation>
    </message>
</context>
<context>
    <name>ServerAddress</name>
    <message>
        <source>Enter the address of the sync server.</source>
        <translation>请输入同步服务器的地址。</translation>
    </message>
    <message>
        <source>The server address is too long (at most %1 characters).</source>
        <translation>服务器地址过长（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>The server address must not contain spaces.</source>
        <translation>服务器地址不能包含空格。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid server address, for example https://sync.example.com:8443.</source>
        <translation>“%1”不是有效的服务器地址，示例：https://sync.example.com:8443。</translation>
    </message>
    <message>
        <source>The server address must start with https:// or http://.</source>
        <translation>服务器地址必须以 https:// 或 http:// 开头。</translation>
    </message>
    <message>
        <source>The server address must not contain a user name or password.</source>
        <translation>服务器地址不能包含用户名或密码。</translation>
    </message>
    <message>
        <source>The server address must not contain &quot;?&quot; or &quot;#&quot;.</source>
        <translation>服务器地址不能包含“?”或“#”。</translation>
    </message>
</context>
<context>
    <name>StageGate</name>
    <message>
        <source>Before the deal can enter “%1”, fill in: %2.</source>
        <extracomment>%1 is a stage name, %2 a list of field names</extracomment>
        <translation>商机进入“%1”之前，请先填写：%2。</translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>StageRepository</name>
    <message>
        <source>The stage does not exist.</source>
        <translation>该阶段不存在。</translation>
    </message>
</context>
<context>
    <name>SyncFailure</name>
    <message>
        <source>The sync server cannot be reached: %1</source>
        <translation>无法连接同步服务器：%1</translation>
    </message>
    <message numerus="yes">
        <source>The sync server did not answer within %n second(s).</source>
        <translation>
            <numerusform>同步服务器在 %n 秒内未响应。</numerusform>
        </translation>
    </message>
    <message>
        <source>The sync server sent an answer this version cannot read: %1</source>
        <translation>同步服务器发送的响应无法被此版本读取：%1</translation>
    </message>
    <message>
        <source>Synchronization was stopped.</source>
        <translation>同步已被停止。</translation>
    </message>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>登录名或密码错误。</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>您的会话已结束。请重新登录。</translation>
    </message>
    <message>
        <source>The server refused access for this account.</source>
        <translation>服务器拒绝了此账户的访问。</translation>
    </message>
    <message>
        <source>The sync server is busy with too many requests; retrying later.</source>
        <translation>同步服务器请求过多，繁忙中；稍后重试。</translation>
    </message>
    <message>
        <source>The sync server has a problem (HTTP %1); retrying later.</source>
        <translation>同步服务器出现问题（HTTP %1）；稍后重试。</translation>
    </message>
    <message>
        <source>The changes are too large for the sync server.</source>
        <translation>这些更改对同步服务器来说过大。</translation>
    </message>
    <message>
        <source>The sync server refused the request (HTTP %1).</source>
        <translation>同步服务器拒绝了请求（HTTP %1）。</translation>
    </message>
</context>
<context>
    <name>SyncStore</name>
    <message>
        <source>The outbox entry %1 is damaged.</source>
        <translation>待发送队列中的条目 %1 已损坏。</translation>
    </message>
    <message>
        <source>The server recorded a different change under this change&apos;s number.</source>
        <translation>服务器在此更改的编号下记录了另一项更改。</translation>
    </message>
    <message>
        <source>The sync issue no longer exists.</source>
        <translation>该同步问题已不存在。</translation>
    </message>
    <message>
        <source>The sync issue no longer exists or is already resolved.</source>
        <translation>该同步问题已不存在或已解决。</translation>
    </message>
    <message>
        <source>The sync issue is already resolved.</source>
        <translation>该同步问题已解决。</translation>
    </message>
    <message>
        <source>Changes of &quot;%1&quot; cannot be sent by this version.</source>
        <translation>此版本无法发送“%1”的更改。</translation>
    </message>
    <message>
        <source>There is nothing to send again. Dismiss the issue instead.</source>
        <translation>没有需要重新发送的内容。请直接忽略此问题。</translation>
    </message>
    <message>
        <source>The snapshot %1 cannot be used: %2</source>
        <translation>无法使用快照 %1：%2</translation>
    </message>
    <message>
        <source>it was made for schema %1, this Outpost uses %2</source>
        <translation>它为结构版本 %1 生成，而本 Outpost 使用版本 %2</translation>
    </message>
    <message>
        <source>it holds schema %1, not %2</source>
        <translation>它的结构版本是 %1，而不是 %2</translation>
    </message>
    <message>
        <source>The store already holds data; it cannot take a snapshot.</source>
        <translation>数据存储中已有数据，无法载入快照。</translation>
    </message>
    <message>
        <source>its tables differ from this store&apos;s</source>
        <translation>它的数据表与本数据存储的不同</translation>
    </message>
    <message>
        <source>it holds cursor %1 of epoch %2, not cursor %3 of epoch %4</source>
        <translation>它包含纪元 %2 的游标 %1，而不是纪元 %4 的游标 %3</translation>
    </message>
    <message>
        <source>The snapshot %1 is still being read; try again.</source>
        <translation>快照 %1 仍在被读取，请稍后重试。</translation>
    </message>
</context>
<context>
    <name>SyncTool</name>
    <message>
        <source>edit-deal needs ID FIELD VALUE.</source>
        <translation>edit-deal 需要 ID FIELD VALUE。</translation>
    </message>
    <message>
        <source>The value is longer than %1 characters.</source>
        <translation>值超过 %1 个字符。</translation>
    </message>
    <message>
        <source>Headless Outpost sync client for integration tests.</source>
        <translation>用于集成测试的无界面 Outpost 同步客户端。</translation>
    </message>
    <message>
        <source>The profile&apos;s store file.</source>
        <translation>配置文件的存储文件。</translation>
    </message>
    <message>
        <source>The sync server, http(s)://host:port.</source>
        <translation>同步服务器，http(s)://主机:端口。</translation>
    </message>
    <message>
        <source>The login to sign in with.</source>
        <translation>用于登录的登录名。</translation>
    </message>
    <message>
        <source>Read the password from standard input.</source>
        <translation>从标准输入读取密码。</translation>
    </message>
    <message>
        <source>Seconds sync-once may take (default 60).</source>
        <translation>sync-once 可用的秒数（默认 60）。</translation>
    </message>
    <message>
        <source>sync-once | edit-deal ID FIELD VALUE | dump-checksums | dump-issues | watch</source>
        <translation>sync-once | edit-deal ID FIELD VALUE | dump-checksums | dump-issues | watch</translation>
    </message>
    <message>
        <source>A command is needed; see --help.</source>
        <translation>需要一个命令；请参阅 --help。</translation>
    </message>
    <message>
        <source>--store is needed.</source>
        <translation>需要 --store。</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;; see --help.</source>
        <translation>未知命令“%1”；请参阅 --help。</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 不接受参数。</translation>
    </message>
    <message>
        <source>--server must be an http or https URL with a host.</source>
        <translation>--server 必须是带主机名的 http 或 https URL。</translation>
    </message>
    <message>
        <source>--login is needed (at most 254 characters).</source>
        <translation>需要 --login（最多 254 个字符）。</translation>
    </message>
    <message>
        <source>--password-stdin is needed.</source>
        <translation>需要 --password-stdin。</translation>
    </message>
    <message>
        <source>--timeout must be between 1 and 86400 seconds.</source>
        <translation>--timeout 必须在 1 到 86400 秒之间。</translation>
    </message>
    <message>
        <source>Standard input cannot be read.</source>
        <translation>无法读取标准输入。</translation>
    </message>
    <message>
        <source>The password on standard input is empty or too long.</source>
        <translation>标准输入中的密码为空或过长。</translation>
    </message>
    <message numerus="yes">
        <source>The sync did not finish within %n second(s).</source>
        <translation>
            <numerusform>同步未在 %n 秒内完成。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot set up signal handling.</source>
        <translation>无法设置信号处理。</translation>
    </message>
</context>
<context>
    <name>ZstdStream</name>
    <message>
        <source>The compressed data is damaged: %1</source>
        <translation>压缩数据已损坏：%1</translation>
    </message>
    <message>
        <source>The decompressor cannot be created.</source>
        <translation>无法创建解压缩器。</translation>
    </message>
    <message>
        <source>The compressed data goes on after its end.</source>
        <translation>压缩数据在结尾之后仍有多余内容。</translation>
    </message>
    <message>
        <source>The compressed data holds more than %1 bytes.</source>
        <translation>压缩数据解压后超过 %1 字节。</translation>
    </message>
    <message>
        <source>The data cannot be written: %1</source>
        <translation>无法写入数据：%1</translation>
    </message>
    <message>
        <source>The file %1 cannot be read: %2</source>
        <translation>无法读取文件 %1：%2</translation>
    </message>
    <message>
        <source>The file %1 cannot be written: %2</source>
        <translation>无法写入文件 %1：%2</translation>
    </message>
    <message>
        <source>The compressor cannot be created.</source>
        <translation>无法创建压缩器。</translation>
    </message>
    <message>
        <source>The compressed data is cut short.</source>
        <translation>压缩数据不完整。</translation>
    </message>
</context>
</TS>
