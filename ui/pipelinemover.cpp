#include "pipelinemover.h"

#include "editdealcommand.h"
#include "movedealscommand.h"
#include "stagegatedialog.h"

#include "dealrepository.h"
#include "localstore.h"
#include "pipelineboardmodel.h"
#include "pipelineloader.h"
#include "stagegate.h"

#include <QElapsedTimer>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;

namespace Outpost {

PipelineMover::PipelineMover(LocalStore &store, QUndoStack *undoStack, QString actorId,
                             PipelineBoardModel *board, QWidget *dialogParent)
    : QObject(board)
    , m_store(store)
    , m_undoStack(undoStack)
    , m_actorId(std::move(actorId))
    , m_board(board)
    , m_dialogParent(dialogParent)
{ }

bool PipelineMover::move(const QList<qint64> &requested, int row)
{
    QElapsedTimer timer;
    timer.start();
    qint64 inDialogs = 0;
    const QList<qint64> rowIds = m_board->movableCards(requested, row);
    if (rowIds.isEmpty())
        return false;
    const PipelineBoardModel::ColumnKind kind = m_board->kind(row);

    // Read every deal first: a move either happens for all of them or for none.
    DealRepository repository(m_store);
    QList<Deal> deals;
    for (qint64 rowId : rowIds) {
        const Result<QString> id = PipelineLoader::dealId(m_store, rowId);
        const Result<Deal> deal = id ? repository.deal(id.value()) : Result<Deal>(id.error());
        if (!deal) {
            Q_EMIT failed(deal.error().message);
            return false;
        }
        deals.append(deal.value());
    }

    QList<Edit> edits;
    QString lostReason;
    if (kind == PipelineBoardModel::ColumnKind::Lost) {
        StageGateDialog dialog(m_store, deals.constFirst(), {u"lost_reason"_s}, m_dialogParent);
        dialog.setWindowTitle(tr("Mark as lost"));
        dialog.setMessage(deals.size() == 1
                              ? tr("Why was this deal lost? The reason helps the team learn.")
                              : tr("Why were these %n deals lost?", nullptr, int(deals.size())));
        dialog.setAcceptText(tr("Mark as Lost"));
        QElapsedTimer asking;
        asking.start();
        const int answer = dialog.exec();
        inDialogs += asking.elapsed();
        if (answer != QDialog::Accepted)
            return false;
        lostReason = dialog.values().value(u"lost_reason"_s).toString();
    }

    for (qsizetype i = 0; i < deals.size(); ++i) {
        const Deal &deal = deals.at(i);
        Edit edit {deal.id, deal.title, {}};
        if (kind == PipelineBoardModel::ColumnKind::Won) {
            edit.changes.insert(u"status"_s, u"won"_s);
        } else if (kind == PipelineBoardModel::ColumnKind::Lost) {
            edit.changes.insert(u"status"_s, u"lost"_s);
            edit.changes.insert(u"lost_reason"_s, lostReason);
        } else {
            const int cardIndex = m_board->cardIndex(rowIds.at(i));
            const qint32 stageRowId = m_board->targetStage(m_board->card(cardIndex), row);
            const PipelineDataset::StageInfo *target = m_board->dataset().stage(stageRowId);
            if (!target) {
                Q_EMIT failed(tr("The deal “%1” has no stage at this position.").arg(deal.title));
                return false;
            }
            const Stage &stage = target->stage;
            if (stage.id != deal.stageId)
                edit.changes.insert(u"stage_id"_s, stage.id);
            if (deal.status != Deal::Status::Open)
                edit.changes.insert(u"status"_s, u"open"_s);
            if (edit.changes.isEmpty())
                continue;
            const QStringList missing = StageGate::missingRequiredFields(deal, stage, edit.changes);
            if (!missing.isEmpty()) {
                StageGateDialog dialog(m_store, deal, missing, m_dialogParent);
                dialog.setWindowTitle(deals.size() == 1 ? tr("Move to %1").arg(stage.name)
                                                        : tr("Move to %1 (deal %2 of %3)")
                                                              .arg(stage.name)
                                                              .arg(i + 1)
                                                              .arg(deals.size()));
                dialog.setMessage(StageGate::message(stage, missing));
                QElapsedTimer asking;
                asking.start();
                const int answer = dialog.exec();
                inDialogs += asking.elapsed();
                if (answer != QDialog::Accepted)
                    return false;
                const QVariantMap values = dialog.values();
                for (auto it = values.cbegin(); it != values.cend(); ++it)
                    edit.changes.insert(it.key(), it.value());
            }
        }
        edits.append(edit);
    }
    if (edits.isEmpty())
        return false;

    QString text;
    if (edits.size() > 1) {
        const int count = int(edits.size());
        if (kind == PipelineBoardModel::ColumnKind::Won)
            text = tr("Mark %n deal(s) as won", nullptr, count);
        else if (kind == PipelineBoardModel::ColumnKind::Lost)
            text = tr("Mark %n deal(s) as lost", nullptr, count);
        else
            text = tr("Move %n deal(s) to %1", nullptr, count)
                       .arg(m_board->index(row).data().toString());
    }
    const bool done = commit(std::move(edits), text);
    m_lastCommitMs = double(timer.nsecsElapsed()) / 1e6 - double(inDialogs);
    return done;
}

bool PipelineMover::commit(QList<Edit> edits, const QString &text)
{
    if (!m_undoStack)
        return false;
    auto errors = std::make_shared<QStringList>();
    const auto onFailed = [errors](const QString &, const Error &error) {
        errors->append(error.message);
    };
    if (edits.size() == 1) {
        auto *command = new EditDealCommand(m_store, edits.constFirst().dealId, m_actorId,
                                            edits.constFirst().changes);
        command->setOnFailed(onFailed);
        m_undoStack->push(command);
    } else {
        auto *group = new MoveDealsCommand(text);
        for (const Edit &edit : std::as_const(edits)) {
            auto *command
                = new EditDealCommand(m_store, edit.dealId, m_actorId, edit.changes, {}, group);
            command->setOnFailed(onFailed);
        }
        m_undoStack->push(group);
    }
    if (!errors->isEmpty()) {
        errors->removeDuplicates();
        Q_EMIT failed(errors->join(u'\n'));
        return int(errors->size()) < int(edits.size());
    }
    return true;
}

bool PipelineMover::moveBy(const QList<qint64> &rowIds, int delta)
{
    QList<qint64> open;
    int column = -1;
    for (qint64 rowId : rowIds) {
        const int cardIndex = m_board->cardIndex(rowId);
        if (cardIndex < 0 || m_board->card(cardIndex).status != quint8(Deal::Status::Open))
            continue;
        const int own = m_board->columnOfCard(m_board->card(cardIndex));
        if (column < 0)
            column = own;
        if (own == column)
            open.append(rowId);
    }
    const int target = column + delta;
    if (open.isEmpty() || target < 0 || target >= m_board->stageColumnCount())
        return false;
    return move(open, target);
}

bool PipelineMover::reopen(const QList<qint64> &rowIds)
{
    QList<qint64> closed;
    int column = -1;
    for (qint64 rowId : rowIds) {
        const int cardIndex = m_board->cardIndex(rowId);
        if (cardIndex < 0 || m_board->card(cardIndex).status == quint8(Deal::Status::Open))
            continue;
        const int own = m_board->columnOfCard(m_board->card(cardIndex));
        if (column < 0)
            column = own;
        if (own == column)
            closed.append(rowId);
    }
    return !closed.isEmpty() && move(closed, column);
}

} // namespace Outpost
