#pragma once

#include "pipelinecard.h"
#include "stage.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <vector>

namespace Outpost {

/// What the pipeline board holds in memory: the compact cards of the deals in scope, their
/// titles in one text arena, and the lookup tables the cards index into (units, people,
/// stages, products, product lines, customers, currencies, regions). Lookup tables are indexed
/// by the source row's SQLite rowid, so a card needs no hashing to find a name.
///
/// Filled by PipelineLoader (on a worker thread) and then moved to the GUI thread, where the
/// board models own it. Not thread-safe; one thread at a time.
class PipelineDataset
{
public:
    struct UnitInfo
    {
        QString id;
        QString name;
        QString parentId;
        QString currency;
        QString region;
        bool isHq = false;
        int stageSet = 0; ///< index into stageSets(): the unit's own stages or 0 (HQ's template)
    };
    struct UserInfo
    {
        QString id;
        QString name;
        QString unitId;
    };
    struct ProductInfo
    {
        QString id;
        QString name;
        int line = -1; ///< product_lines.rowid, -1: none
    };
    struct ProductLineInfo
    {
        QString id;
        QString name;
    };
    struct StageInfo
    {
        Stage stage;
        int set = 0; ///< index into stageSets()
        int index = 0; ///< 0-based position within its set
    };

    // Cards and their texts
    std::vector<PipelineCard> cards;
    QString text; ///< the arena holding every card's title

    // Lookup tables, indexed by rowid (entries of missing rowids are empty).
    std::vector<UnitInfo> units;
    std::vector<UserInfo> users;
    std::vector<StageInfo> stages;
    std::vector<ProductInfo> products;
    std::vector<ProductLineInfo> productLines;
    std::vector<QString> customerNames;
    /// Stage rowids of each stage set in board order; set 0 is HQ's template.
    std::vector<std::vector<int>> stageSets;

    QStringList currencies; ///< interned currency codes (PipelineCard::currency)
    QStringList regions; ///< interned region names (PipelineCard::region)

    /// The activity kinds of PipelineCard::nextActivityKind, as stored ("call", "meeting", ...).
    static const QStringList &activityKinds();

    QStringView title(const PipelineCard &card) const
    {
        return QStringView(text).mid(card.titleOffset, card.titleLength);
    }
    /// Stores title in the arena and points card at it.
    void setTitle(PipelineCard &card, QStringView title);

    QString customerName(const PipelineCard &card) const;
    const UserInfo *user(qint32 rowId) const;
    const UnitInfo *unit(qint32 rowId) const;
    const StageInfo *stage(qint32 rowId) const;
    const ProductInfo *product(qint32 rowId) const;
    const ProductLineInfo *productLine(qint32 rowId) const;
    QString currency(const PipelineCard &card) const { return currencies.value(card.currency); }
    QString region(const PipelineCard &card) const { return regions.value(card.region); }

    /// The rowid of the unit whose id is unitId, -1 if not loaded. Linear: for set-up only.
    qint32 unitRowId(const QString &unitId) const;
    qint32 userRowId(const QString &userId) const;
    qint32 productLineRowId(const QString &lineId) const;
    /// The stage set a unit's deals move through (its own stages or HQ's template).
    int stageSetOfUnit(qint32 unitRowId) const;
    /// The stage rowid at index within unitRowId's stage set (clamped to the set), -1 if the
    /// set is empty.
    qint32 stageAt(qint32 unitRowId, int index) const;
    /// The 0-based position of the card's stage in its set (0 if the stage is unknown).
    int stageIndex(const PipelineCard &card) const;
    /// Rotting days of the card's stage (0: never rots).
    int rottingDays(const PipelineCard &card) const;

    /// Index of code in currencies (appended if new; at most 255 distinct values).
    quint8 internCurrency(const QString &code);
    quint8 internRegion(const QString &region);

    /// Rebuilds the rowid -> card index map (after the cards were loaded or appended).
    void indexCards();
    /// The index of the card of deals.rowid rowId in cards, -1 if none.
    int cardIndex(qint64 rowId) const
    {
        return rowId >= 0 && size_t(rowId) < m_cardOfRowId.size() ? m_cardOfRowId[size_t(rowId)]
                                                                  : -1;
    }
    /// Adds card (a deal that was not loaded) and indexes it; returns its index.
    int appendCard(const PipelineCard &card);

private:
    std::vector<qint32> m_cardOfRowId;
};

} // namespace Outpost
