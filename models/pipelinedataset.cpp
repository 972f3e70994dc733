#include "pipelinedataset.h"

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

template<typename T> const T *entry(const std::vector<T> &table, qint32 rowId)
{
    return rowId >= 0 && size_t(rowId) < table.size() ? &table[size_t(rowId)] : nullptr;
}

quint8 intern(QStringList &list, const QString &value)
{
    const qsizetype index = list.indexOf(value);
    if (index >= 0)
        return quint8(index);
    // A board with more than 255 distinct currencies or regions lumps the rest together.
    if (list.size() >= 255)
        return 0;
    list.append(value);
    return quint8(list.size() - 1);
}

} // namespace

const QStringList &PipelineDataset::activityKinds()
{
    static const QStringList kinds = {u"call"_s, u"meeting"_s, u"email"_s, u"task"_s, u"note"_s};
    return kinds;
}

void PipelineDataset::setTitle(PipelineCard &card, QStringView title)
{
    if (title == this->title(card))
        return;
    card.titleOffset = quint32(text.size());
    card.titleLength = quint32(title.size());
    text.append(title);
}

QString PipelineDataset::customerName(const PipelineCard &card) const
{
    const QString *name = entry(customerNames, card.customer);
    return name ? *name : QString();
}

const PipelineDataset::UserInfo *PipelineDataset::user(qint32 rowId) const
{
    const UserInfo *info = entry(users, rowId);
    return info && !info->id.isEmpty() ? info : nullptr;
}

const PipelineDataset::UnitInfo *PipelineDataset::unit(qint32 rowId) const
{
    const UnitInfo *info = entry(units, rowId);
    return info && !info->id.isEmpty() ? info : nullptr;
}

const PipelineDataset::StageInfo *PipelineDataset::stage(qint32 rowId) const
{
    const StageInfo *info = entry(stages, rowId);
    return info && !info->stage.id.isEmpty() ? info : nullptr;
}

const PipelineDataset::ProductInfo *PipelineDataset::product(qint32 rowId) const
{
    const ProductInfo *info = entry(products, rowId);
    return info && !info->id.isEmpty() ? info : nullptr;
}

const PipelineDataset::ProductLineInfo *PipelineDataset::productLine(qint32 rowId) const
{
    const ProductLineInfo *info = entry(productLines, rowId);
    return info && !info->id.isEmpty() ? info : nullptr;
}

qint32 PipelineDataset::unitRowId(const QString &unitId) const
{
    for (size_t i = 0; i < units.size(); ++i) {
        if (!unitId.isEmpty() && units[i].id == unitId)
            return qint32(i);
    }
    return -1;
}

qint32 PipelineDataset::userRowId(const QString &userId) const
{
    for (size_t i = 0; i < users.size(); ++i) {
        if (!userId.isEmpty() && users[i].id == userId)
            return qint32(i);
    }
    return -1;
}

qint32 PipelineDataset::productLineRowId(const QString &lineId) const
{
    for (size_t i = 0; i < productLines.size(); ++i) {
        if (!lineId.isEmpty() && productLines[i].id == lineId)
            return qint32(i);
    }
    return -1;
}

int PipelineDataset::stageSetOfUnit(qint32 unitRowId) const
{
    const UnitInfo *info = unit(unitRowId);
    return info ? info->stageSet : 0;
}

qint32 PipelineDataset::stageAt(qint32 unitRowId, int index) const
{
    const size_t set = size_t(stageSetOfUnit(unitRowId));
    if (set >= stageSets.size() || stageSets[set].empty())
        return -1;
    const std::vector<int> &ids = stageSets[set];
    return ids[size_t(qBound(0, index, int(ids.size()) - 1))];
}

int PipelineDataset::stageIndex(const PipelineCard &card) const
{
    const StageInfo *info = stage(card.stage);
    return info ? info->index : 0;
}

int PipelineDataset::rottingDays(const PipelineCard &card) const
{
    const StageInfo *info = stage(card.stage);
    return info ? info->stage.rottingDays : 0;
}

quint8 PipelineDataset::internCurrency(const QString &code)
{
    return intern(currencies, code);
}

quint8 PipelineDataset::internRegion(const QString &region)
{
    return intern(regions, region);
}

void PipelineDataset::indexCards()
{
    qint64 maxRowId = 0;
    for (const PipelineCard &card : cards)
        maxRowId = std::max(maxRowId, card.rowId);
    m_cardOfRowId.assign(size_t(maxRowId) + 1, -1);
    for (size_t i = 0; i < cards.size(); ++i)
        m_cardOfRowId[size_t(cards[i].rowId)] = qint32(i);
}

int PipelineDataset::appendCard(const PipelineCard &card)
{
    const int index = int(cards.size());
    cards.push_back(card);
    if (size_t(card.rowId) >= m_cardOfRowId.size())
        m_cardOfRowId.resize(size_t(card.rowId) + 1, -1);
    m_cardOfRowId[size_t(card.rowId)] = qint32(index);
    return index;
}

} // namespace Outpost
