#include "demogenerator.h"

#include "bulkloader.h"
#include "localstore.h"
#include "logging.h"
#include "organizationrepository.h"
#include "schema.h"
#include "searchindex.h"
#include "uuidv7.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <initializer_list>
#include <vector>

using namespace Qt::StringLiterals;

namespace Outpost {

namespace {

constexpr qint64 minuteMs = 60'000;
constexpr qint64 hourMs = 60 * minuteMs;
constexpr qint64 dayMs = 24 * hourMs;
// The demo clock must leave room for five years of history and fit the 48 bits of a UUIDv7.
constexpr qint64 earliestNowMs = 946'684'800'000; // 2000-01-01
constexpr qint64 latestNowMs = 253'402'300'799'999; // 9999-12-31

// xoshiro256** seeded through splitmix64. std:: distributions differ between standard
// libraries, so every shape below is computed by hand from raw 64-bit draws.
class Rng
{
public:
    explicit Rng(quint64 seed)
    {
        for (quint64 &word : m_state) {
            seed += 0x9e37'79b9'7f4a'7c15ULL;
            quint64 z = seed;
            z = (z ^ (z >> 30)) * 0xbf58'476d'1ce4'e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d0'49bb'1331'11ebULL;
            word = z ^ (z >> 31);
        }
    }

    quint64 next()
    {
        const quint64 result = rotl(m_state[1] * 5, 7) * 9;
        const quint64 t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    /// 0 <= result < bound (bound >= 1).
    int below(int bound) { return int(((next() >> 32) * quint64(bound)) >> 32); }
    /// low <= result < high (or low when the range is empty).
    qint64 between(qint64 low, qint64 high)
    {
        return high <= low ? low : low + qint64(uniform() * double(high - low));
    }
    bool chance(double probability) { return uniform() < probability; }
    double normal()
    {
        const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
        return radius * std::cos(6.283185307179586 * uniform());
    }
    double exponential(double mean) { return -std::log(1.0 - uniform()) * mean; }
    /// Successes in trials draws of probability p: small counts around trials * p.
    int binomial(int trials, double p)
    {
        int successes = 0;
        for (int i = 0; i < trials; ++i)
            successes += chance(p) ? 1 : 0;
        return successes;
    }
    int weighted(std::initializer_list<int> weights)
    {
        int total = 0;
        for (int weight : weights)
            total += weight;
        int roll = below(total);
        int index = 0;
        for (int weight : weights) {
            if (roll < weight)
                return index;
            roll -= weight;
            ++index;
        }
        return index - 1;
    }
    template<typename List> const auto &pick(const List &list)
    {
        return list.at(below(int(list.size())));
    }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<quint64, 4> m_state {};
};

// ---- Text tables. Lists are '|'-separated; "text:ascii" pairs carry the romanization used
// for e-mail addresses and domains.

struct UnitSpec
{
    const char16_t *name;
    const char16_t *region;
    const char16_t *currency;
    qint64 budgetLimitMajor;
    int dealWeight; ///< share of customers and deals
    double chineseShare; ///< share of customers with Chinese names
    double perCny; ///< units of the currency per CNY (fixed demo rates)
    int taxPercent;
};

const UnitSpec unitSpecs[] = {
    {u"总部 Headquarters", u"Global", u"CNY", 50'000'000, 0, 0.5, 1.0, 6},
    {u"华东 East China", u"East China", u"CNY", 3'000'000, 25, 0.93, 1.0, 6},
    {u"华南 South China", u"South China", u"CNY", 2'500'000, 20, 0.93, 1.0, 6},
    {u"华北 North China", u"North China", u"CNY", 2'500'000, 20, 0.93, 1.0, 6},
    {u"西南 Southwest China", u"Southwest China", u"CNY", 1'500'000, 13, 0.95, 1.0, 6},
    {u"港澳 Hong Kong & Macau", u"Hong Kong & Macau", u"HKD", 2'000'000, 11, 0.4, 1.09, 0},
    {u"东南亚 Southeast Asia", u"Southeast Asia", u"SGD", 400'000, 11, 0.0, 0.186, 9},
};
constexpr int unitCount = int(std::size(unitSpecs));
constexpr int southChinaUnit = 2; // the unit with its own stage variant
constexpr int demoUnit = 1; // the demo user is a rep of East China

struct PlaceSpec
{
    int unit;
    const char16_t *city;
    const char16_t *zhPrefix; ///< city as the prefix of a Chinese company name
    const char16_t *country;
    const char16_t *districts;
    const char16_t *streets; ///< empty: the Chinese street list
    const char16_t *phone; ///< '#' any digit, '%' 3..9
    const char16_t *enSuffixes;
    const char16_t *slug; ///< romanized, for e-mail domains
};

const PlaceSpec placeSpecs[] = {
    {1, u"上海", u"上海", u"中国", u"浦东新区|徐汇区|静安区|闵行区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"shanghai"},
    {1, u"杭州", u"杭州", u"中国", u"西湖区|滨江区|余杭区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"hangzhou"},
    {1, u"南京", u"南京", u"中国", u"鼓楼区|建邺区|江宁区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"nanjing"},
    {1, u"苏州", u"苏州", u"中国", u"工业园区|姑苏区|吴中区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"suzhou"},
    {1, u"宁波", u"宁波", u"中国", u"鄞州区|海曙区|北仑区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"ningbo"},
    {2, u"深圳", u"深圳", u"中国", u"南山区|福田区|宝安区|龙岗区", u"", u"+86 1%# #### ####",
     u"(Shenzhen) Co., Ltd.", u"shenzhen"},
    {2, u"广州", u"广州", u"中国", u"天河区|越秀区|海珠区|黄埔区", u"", u"+86 1%# #### ####",
     u"(Guangzhou) Co., Ltd.", u"guangzhou"},
    {2, u"东莞", u"东莞", u"中国", u"南城街道|松山湖|长安镇", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"dongguan"},
    {2, u"厦门", u"厦门", u"中国", u"思明区|湖里区|集美区", u"", u"+86 1%# #### ####",
     u"(Xiamen) Co., Ltd.", u"xiamen"},
    {3, u"北京", u"北京", u"中国", u"海淀区|朝阳区|东城区|亦庄经济开发区", u"",
     u"+86 1%# #### ####", u"(Beijing) Co., Ltd.", u"beijing"},
    {3, u"天津", u"天津", u"中国", u"滨海新区|和平区|南开区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"tianjin"},
    {3, u"济南", u"济南", u"中国", u"历下区|高新区|槐荫区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"jinan"},
    {3, u"青岛", u"青岛", u"中国", u"市南区|崂山区|黄岛区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"qingdao"},
    {4, u"成都", u"成都", u"中国", u"高新区|武侯区|锦江区|天府新区", u"", u"+86 1%# #### ####",
     u"(Chengdu) Co., Ltd.", u"chengdu"},
    {4, u"重庆", u"重庆", u"中国", u"渝中区|江北区|两江新区", u"", u"+86 1%# #### ####",
     u"(Chongqing) Co., Ltd.", u"chongqing"},
    {4, u"昆明", u"昆明", u"中国", u"五华区|盘龙区|呈贡区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"kunming"},
    {4, u"贵阳", u"贵阳", u"中国", u"观山湖区|南明区|云岩区", u"", u"+86 1%# #### ####",
     u"(China) Co., Ltd.", u"guiyang"},
    {5, u"Hong Kong", u"香港", u"Hong Kong SAR", u"Central|Wan Chai|Kowloon Bay|Sha Tin|Tsuen Wan",
     u"Queen's Road Central|Nathan Road|Hennessy Road|Canton Road|Hoi Bun Road|Science Park Road",
     u"+852 %### ####", u"Limited|Holdings Limited|(HK) Ltd", u"hongkong"},
    {5, u"Macau", u"澳门", u"Macao SAR", u"Sé|Taipa|Cotai",
     u"Avenida da Praia Grande|Rua do Campo|Avenida de Almeida Ribeiro", u"+853 6### ####",
     u"Limited|Limitada", u"macau"},
    {6, u"Singapore", u"新加坡", u"Singapore", u"Raffles Place|Jurong East|Tampines|One-North",
     u"Marina Boulevard|Shenton Way|Jurong Gateway Road|Fusionopolis Way|Tampines Central",
     u"+65 9### ####", u"Pte Ltd", u"singapore"},
    {6, u"Kuala Lumpur", u"吉隆坡", u"Malaysia", u"KLCC|Bangsar South|Mid Valley",
     u"Jalan Ampang|Jalan Sultan Ismail|Jalan Kerinchi", u"+60 1#-### ####", u"Sdn Bhd",
     u"kualalumpur"},
    {6, u"Jakarta", u"雅加达", u"Indonesia", u"Sudirman|Kuningan",
     u"Jalan Jenderal Sudirman|Jalan H.R. Rasuna Said", u"+62 81# #### ####", u"Group|Holdings",
     u"jakarta"},
    {6, u"Bangkok", u"曼谷", u"Thailand", u"Sathorn|Silom", u"Sathorn Road|Silom Road|Rama IV Road",
     u"+66 8# ### ####", u"Co., Ltd.|Public Company Limited", u"bangkok"},
};

struct StageSpec
{
    const char16_t *name;
    int probability;
    int rottingDays;
    const char16_t *requiredFields;
};

const StageSpec templateStages[] = {
    {u"Lead in", 10, 7, u"[]"},
    {u"Qualified", 20, 10, u"[]"},
    {u"Needs analysis", 30, 14, u"[\"customer_id\"]"},
    {u"Solution design", 40, 14, u"[\"customer_id\",\"product_id\"]"},
    {u"Proposal", 55, 21, u"[\"amount_minor\",\"expected_close\"]"},
    {u"Negotiation", 70, 21, u"[\"amount_minor\",\"expected_close\",\"product_id\"]"},
    {u"Commitment", 85, 30, u"[\"amount_minor\",\"expected_close\",\"product_id\"]"},
    {u"Contract review", 95, 30,
     u"[\"amount_minor\",\"customer_id\",\"expected_close\",\"product_id\"]"},
};
const StageSpec southChinaStages[] = {
    {u"Discovery", 10, 7, u"[]"},
    {u"Qualified lead", 15, 10, u"[]"},
    {u"Technical validation", 30, 14, u"[\"customer_id\",\"product_id\"]"},
    {u"Business case", 45, 14, u"[\"customer_id\",\"product_id\"]"},
    {u"Proposal & pricing", 60, 21, u"[\"amount_minor\",\"expected_close\"]"},
    {u"Commercial negotiation", 75, 21, u"[\"amount_minor\",\"expected_close\",\"product_id\"]"},
    {u"Verbal commitment", 90, 30, u"[\"amount_minor\",\"expected_close\",\"product_id\"]"},
    {u"Contract signature", 95, 30,
     u"[\"amount_minor\",\"customer_id\",\"expected_close\",\"product_id\"]"},
};
// Secondary rows per deal. They dominate the generation time (every row costs a prepared
// insert with its indexes), so open deals, which users work on, get more history than closed
// ones: on average about 1.1 activities and 0.75 interactions per deal.
constexpr int maxChildren = 4;
constexpr double activitiesPerOpenDeal = 1.4;
constexpr double activitiesPerClosedDeal = 0.5;
constexpr double interactionsPerOpenDeal = 0.9;
constexpr double interactionsPerClosedDeal = 0.5;

constexpr int stageCount = 8;
constexpr int proposalPosition = 5; // quotes exist from this stage on
static_assert(std::size(templateStages) == stageCount && std::size(southChinaStages) == stageCount);

const char16_t *const productLines[]
    = {u"Cloud Platform", u"Data & Analytics", u"Field Service", u"Security", u"Services"};
constexpr int servicesLine = 4;

struct ProductSpec
{
    int line;
    const char16_t *name;
    const char16_t *sku;
    qint64 listPriceMajor; ///< CNY
};

const ProductSpec productSpecs[] = {
    {0, u"Cloud Platform Standard", u"CP-STD-01", 120'000},
    {0, u"Cloud Platform Enterprise", u"CP-ENT-01", 480'000},
    {0, u"Managed Kubernetes", u"CP-K8S-01", 260'000},
    {0, u"Edge Gateway", u"CP-EDGE-01", 85'000},
    {1, u"Data Lakehouse", u"DA-LAKE-01", 350'000},
    {1, u"BI Dashboards", u"DA-BI-01", 60'000},
    {1, u"Customer 360", u"DA-C360-01", 220'000},
    {1, u"Forecasting AI", u"DA-AI-01", 300'000},
    {2, u"Field Service Mobile", u"FS-MOB-01", 40'000},
    {2, u"Dispatch Optimizer", u"FS-DSP-01", 150'000},
    {2, u"IoT Asset Monitoring", u"FS-IOT-01", 180'000},
    {3, u"Zero Trust Access", u"SE-ZTA-01", 200'000},
    {3, u"Security Operations Center", u"SE-SOC-01", 420'000},
    {3, u"Data Loss Prevention", u"SE-DLP-01", 160'000},
    {3, u"Compliance Audit Pack", u"SE-CAP-01", 75'000},
    {4, u"Implementation Services", u"SV-IMP-01", 100'000},
    {4, u"Premium Support", u"SV-SUP-01", 50'000},
    {4, u"Training Days", u"SV-TRN-01", 8'000},
};
constexpr int implementationProduct = 15;

// Segments: name, weight, median deal size as a multiple of the product's list price.
struct SegmentSpec
{
    const char16_t *name;
    int weight;
    double priceFactor;
};
const SegmentSpec segmentSpecs[] = {
    {u"enterprise", 20, 2.5},
    {u"mid-market", 35, 1.0},
    {u"small business", 37, 0.35},
    {u"public sector", 8, 1.8},
};
constexpr int publicSector = 3;

const char16_t surnames[]
    = u"王:wang|李:li|张:zhang|刘:liu|陈:chen|杨:yang|黄:huang|赵:zhao|吴:wu|周:zhou|徐:xu|孙:sun|"
      u"马:ma|朱:zhu|胡:hu|郭:guo|何:he|林:lin|高:gao|罗:luo|郑:zheng|梁:liang|谢:xie|宋:song|"
      u"唐:tang|许:xu|韩:han|冯:feng|邓:deng|曹:cao";
const char16_t givenNames[]
    = u"伟:wei|娜:na|敏:min|静:jing|丽:li|强:qiang|磊:lei|军:jun|洋:yang|勇:yong|艳:yan|杰:jie|"
      u"娟:juan|涛:tao|明:ming|超:chao|秀英:xiuying|霞:xia|平:ping|刚:gang|建华:jianhua|"
      u"晓明:xiaoming|丹:dan|鹏:peng|浩然:haoran|子涵:zihan|欣怡:xinyi|宇轩:yuxuan|思远:siyuan|"
      u"雨桐:yutong|梓萱:zixuan|一鸣:yiming|嘉怡:jiayi|晨:chen|婷:ting|俊杰:junjie|佳琪:jiaqi|"
      u"志强:zhiqiang|慧敏:huimin|文博:wenbo";
const char16_t englishFirstNames[]
    = u"James|Emily|Michael|Sarah|David|Olivia|Daniel|Grace|Ryan|Chloe|Kevin|Rachel|Jason|Hannah|"
      u"Andrew|Natalie|Brian|Vivian|Eric|Jessica|Marcus|Priya|Aaron|Sophie|Ethan|Charlotte|Nathan|"
      u"Amanda|Lucas|Mei Ling|Arjun|Siti|Farah|Kenneth|Joyce";
const char16_t englishLastNames[]
    = u"Tan|Lim|Wong|Chan|Lee|Ng|Smith|Johnson|Brown|Taylor|Walker|Kumar|Lau|Cheung|Ho|Goh|Teo|"
      u"Morgan|Hughes|Fernandes|Rahman|Nair|Santos|Chua|Leung";
const char16_t zhBrandFirst[]
    = u"华:hua|恒:heng|鼎:ding|中:zhong|海:hai|金:jin|天:tian|远:yuan|博:bo|瑞:rui|新:xin|嘉:jia|"
      u"宏:hong|东:dong|汇:hui|星:xing|永:yong|启:qi|安:an|盛:sheng|联:lian|万:wan|同:tong|"
      u"卓:zhuo|凯:kai|正:zheng|云:yun|智:zhi|锦:jin|明:ming";
const char16_t zhBrandSecond[]
    = u"信:xin|通:tong|盛:sheng|科:ke|纳:na|桥:qiao|成:cheng|航:hang|远:yuan|丰:feng|源:yuan|"
      u"禾:he|图:tu|创:chuang|达:da|泰:tai|润:run|辰:chen|合:he|宇:yu";
const char16_t enBrandFirst[]
    = u"North|Blue|Silver|Red|Green|Summit|Harbor|Pacific|Golden|Bright|Crest|Eagle|Pine|Stone|"
      u"River|Lion|Jade|Orchid|Iron|Sun|Star|Ocean|Maple|Cedar|Falcon|Coral|Lotus|Sterling|Apex|"
      u"Meridian";
const char16_t enBrandSecond[]
    = u"wind|field|point|bridge|gate|stone|wave|light|peak|view|line|rock|bay|crest|way|vale|ridge|"
      u"hill|ford|port";
// Chinese word | English word | industry | domain part
const char16_t industries[]
    = u"科技:Technologies:Technology:tech|物流:Logistics:Logistics:logistics|"
      u"医药:Health:Healthcare:health|制造:Manufacturing:Manufacturing:mfg|"
      u"能源:Energy:Energy:energy|零售:Retail:Retail:retail|"
      u"金融服务:Capital:Financial services:capital|电子:Electronics:Electronics:electronics|"
      u"汽车部件:Motors:Automotive:motors|建设:Engineering:Construction:engineering|"
      u"食品:Foods:Food & beverage:foods|教育科技:Learning:Education:learning|"
      u"环保:Environmental:Environmental services:enviro|网络:Networks:Telecommunications:networks|"
      u"化工:Chemicals:Chemicals:chem";
const char16_t zhCompanySuffixes[] = u"有限公司|有限公司|有限公司|股份有限公司|集团有限公司";
const char16_t zhPublicBodies[]
    = u"教育局|交通运输局|卫生健康委员会|大数据中心|人民医院|水务集团|公共资源交易中心|气象局|"
      u"税务局|图书馆|住房保障中心|应急管理局";
const char16_t enPublicBodies[]
    = u"Water Services Department|Public Library|Hospital Cluster|Transport Department|"
      u"Digital Office|Housing Board|Port Authority|University|Polytechnic|Statistics Office|"
      u"Environmental Agency|Customs Office";
const char16_t zhStreets[]
    = u"人民路|中山路|解放路|建设路|科技路|长江路|创新大道|文化路|和平路|世纪大道|高新大道|滨江路";
const char16_t zhCustomerNotes[]
    = u"偏好微信沟通，决策委员会每月开会。|年度预算在每年三月确定。|"
      u"对数据合规要求很高，需要签署数据处理协议。|老客户，续约意愿强。|IT 部门正在进行系统整合。|"
      u"采购需走集团招标流程。";
const char16_t enCustomerNotes[]
    = u"Prefers WhatsApp; the decision committee meets monthly.|Annual budget is set in March.|"
      u"Strict data-protection requirements; needs a DPA signed.|"
      u"Long-standing customer, likely to renew.|IT is consolidating systems this year.|"
      u"Procurement runs a formal tender above SGD 100k.";
const char16_t zhTitleSuffixes[] = u"扩容|续约|试点|部署|升级|新签|二期项目|替换项目";
const char16_t enTitleSuffixes[]
    = u"expansion|renewal|pilot|rollout|upgrade|new logo|phase 2|replacement";
const char16_t zhLostReasons[]
    = u"价格过高|选择了竞争对手|今年没有预算|项目延期|客户无回应，未决策|功能不满足|"
      u"关键联系人离职|客户决定自研";
const char16_t enLostReasons[]
    = u"Price too high|Chose a competitor|No budget this year|Timing: project postponed|"
      u"No decision, customer went dark|Missing feature|Champion left the company|"
      u"Lost to an in-house build";
const char16_t zhDealNotes[]
    = u"客户关注数据安全与合规，需要提供等保三级材料。|采购流程需经过集团审批，预计两周。|"
      u"技术负责人支持我们的方案，财务部门仍在比较报价。|客户希望先做小范围试点再全面推广。|"
      u"竞争对手报价低约15%，需强调实施服务。|需要协调交付团队评估上线时间。";
const char16_t enDealNotes[]
    = u"Customer cares about data residency; send the compliance pack.|"
      u"Procurement needs group approval, about two weeks.|"
      u"Technical lead backs our proposal; finance is still comparing quotes.|"
      u"Wants a small pilot before a full rollout.|"
      u"Competitor is about 15% cheaper; stress our implementation services.|"
      u"Need delivery to confirm a go-live date.";
const char16_t zhTopics[]
    = u"需求确认|预算讨论|方案演示跟进|合同条款|上线计划|续约意向|报价说明|技术答疑|采购流程|"
      u"成功案例分享";
const char16_t enTopics[]
    = u"requirements check|budget discussion|demo follow-up|contract terms|go-live plan|"
      u"renewal intent|quote walkthrough|technical Q&A|procurement process|customer reference call";
const char16_t activityKinds[] = u"call|meeting|email|task|note";
const char16_t zhActivityPrefixes[] = u"电话：|会议：|邮件：|待办：|备注：";
const char16_t enActivityPrefixes[] = u"Call: |Meeting: |Email: |Task: |Note: ";
const char16_t interactionKinds[] = u"call|meeting|email|chat|visit|portal";
const char16_t zhTicketSubjects[] = u"登录失败|报表导出缓慢|数据同步延迟|权限配置问题|发票信息更正|"
                                    u"移动端闪退|接口调用超时|培训需求";
const char16_t enTicketSubjects[]
    = u"Cannot sign in|Report export is slow|Data sync delayed|Permission setup question|"
      u"Invoice correction|Mobile app crashes|API timeouts|Training request";
const char16_t zhNpsComments[]
    = u"实施团队很专业。|希望报表功能更灵活。|响应速度很快。|价格偏高。|产品稳定，推荐给同行。";
const char16_t enNpsComments[]
    = u"The implementation team was excellent.|Reports could be more flexible.|"
      u"Support responds quickly.|A bit expensive.|Stable product, would recommend.";
const char16_t grantFields[]
    = u"email|phone|address|contact_name|purchase_history|usage_data|nps_feedback";
const char16_t grantPurposes[]
    = u"Order fulfilment and invoicing|Service notifications|Account management|"
      u"Product usage analytics|Newsletter and event invitations|Joint delivery with partners";
const char16_t collaborationKinds[] = u"expertise|co-sell|delivery|referral";
const char16_t zhCollaborationTexts[]
    = u"需要数据平台专家支持客户研讨会。|客户在贵区域有分支机构，是否联合销售？|"
      u"贵团队的交付人员能否支持上线？|转介绍：客户子公司正在进入贵区域。";
const char16_t enCollaborationTexts[]
    = u"Need a data-platform specialist for a customer workshop.|"
      u"Customer has sites in your region; co-sell?|Can your delivery team support the go-live?|"
      u"Referral: the customer's subsidiary is expanding into your region.";
const char16_t zhBudgetPurposes[]
    = u"客户活动场地与餐饮|试点项目差旅|合作伙伴实施费用|行业展会展位|客户培训";
const char16_t enBudgetPurposes[]
    = u"Customer event venue and catering|Pilot travel|Partner implementation fees|"
      u"Trade show booth|Customer training";
const char16_t zhProposalTexts[]
    = u"建议分两期实施，第一期覆盖核心模块。|提议将付款方式调整为季度付款。|建议增加现场培训两天。";
const char16_t enProposalTexts[]
    = u"Propose a two-phase rollout, core modules first.|"
      u"Suggest quarterly payments instead of annual.|Add two days of on-site training.";

struct RuleSpec
{
    const char16_t *name;
    const char16_t *triggerEvent;
    const char16_t *conditions;
    const char16_t *actions;
    const char16_t *logAction;
};
const RuleSpec ruleSpecs[] = {
    {u"Rotting deal reminder", u"deal.rotting",
     u"[{\"field\":\"days_in_stage\",\"op\":\">\",\"value\":\"rotting_days\"}]",
     u"[{\"assignee\":\"owner\",\"subject\":\"Follow up on a stale "
     u"deal\",\"type\":\"create_task\"}]",
     u"create_task"},
    {u"Large deal alert", u"deal.updated",
     u"[{\"field\":\"amount_minor\",\"op\":\">=\",\"value\":100000000}]",
     u"[{\"role\":\"lead\",\"type\":\"notify\"}]", u"notify"},
    {u"Detractor follow-up", u"nps.received", u"[{\"field\":\"score\",\"op\":\"<=\",\"value\":6}]",
     u"[{\"assignee\":\"csm\",\"subject\":\"Call back a detractor\",\"type\":\"create_task\"}]",
     u"create_task"},
    {u"Urgent ticket escalation", u"ticket.opened",
     u"[{\"field\":\"priority\",\"op\":\"=\",\"value\":\"urgent\"}]",
     u"[{\"role\":\"delivery\",\"type\":\"notify\"}]", u"notify"},
    {u"Won deal handover", u"deal.won", u"[]",
     u"[{\"assignee\":\"delivery\",\"subject\":\"Kick-off meeting\",\"type\":\"create_task\"}]",
     u"create_task"},
};

QStringList listOf(const char16_t *spec)
{
    return QString::fromUtf16(spec).split(u'|');
}

// "a:b:c|d:e:f" -> [[a, b, c], [d, e, f]]
QList<QStringList> tuplesOf(const char16_t *spec)
{
    QList<QList<QString>> tuples;
    const QStringList items = listOf(spec);
    for (const QString &item : items)
        tuples.append(item.split(u':'));
    return tuples;
}

QString jsonEscaped(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return escaped;
}

QVariant optional(qint64 ms)
{
    return ms == 0 ? QVariant() : QVariant(ms);
}

QVariant optional(const QString &id)
{
    return id.isEmpty() ? QVariant() : QVariant(id);
}

struct Person
{
    QString name;
    QString emailLocal; ///< "wei.zhang"
};

struct StageRow
{
    QString id;
    int position = 0;
    int probability = 0;
    int rottingDays = 0;
};

struct UnitRow
{
    const UnitSpec *spec = nullptr;
    QString id;
    QString name;
    QString region;
    QString currency;
    QString leadId;
    QStringList repIds;
    QList<int> places;
    int stageSet = 0; ///< 0: HQ's template, 1: the unit's own
    std::vector<int> deals; ///< indexes into Generation::m_dealRefs
};

struct CustomerRow
{
    QString id;
    QString name;
    QString shortName; ///< for deal titles: "华信科技", "Northwind"
    QString contactName;
    QString ownerId;
    int unit = 0;
    int segment = 0;
    bool chinese = false;
    qint64 createdAt = 0;
};

struct DealRef
{
    QString id;
    int customer = 0;
    qint64 createdAt = 0;
};

struct QuoteRef
{
    QString id;
    int deal = 0;
    qint64 createdAt = 0;
};

struct ActivityDraft
{
    qint64 createdAt = 0;
    qint64 dueAt = 0;
    qint64 doneAt = 0;
    int kind = 0;
    int topic = 0;
    bool withNotes = false;
};

struct InteractionDraft
{
    qint64 occurredAt = 0;
    int kind = 0;
    int topic = 0;
    int durationS = 0;
    bool inbound = false;
};

// One run of the generator over one store; DemoGenerator keeps only the outcome.
class Generation
{
public:
    Generation(const DemoGenerator::Options &options, qint64 nowMs, LocalStore &store,
               const std::function<bool(int)> &progress);

    /// Writes every row.
    Result<void> run();
    /// Signs the demo user in, once the rows are complete.
    Result<void> finish();
    QString demoUserId() const { return m_demoUserId; }

private:
    QString newId(qint64 createdAt)
    {
        const auto randA = quint16(m_rng.next() & 0x0fff);
        return UuidV7::fromParts(createdAt, randA, m_rng.next());
    }
    qint64 daysAgo(double fromDays, double toDays)
    {
        return m_now - m_rng.between(qint64(fromDays * dayMs), qint64(toDays * dayMs));
    }
    Result<void> report(int percent);
    Result<void> begin(BulkLoader &loader, const QString &table, const QStringList &columns);
    Person chineseName();
    Person englishName();
    Person personFor(double chineseShare);
    QString userEmail(const QString &local);
    QString phoneNumber(const QString &pattern);
    struct CompanyName
    {
        QString name;
        QString shortName; ///< for deal titles: "华信科技", "Northwind"
        QString domain; ///< for contact e-mail addresses
    };
    CompanyName companyName(const CustomerRow &customer, int place, int industry);

    Result<void> writeOrganization();
    Result<void> writeStages();
    Result<void> writeCatalog();
    Result<void> writeCustomers();
    Result<void> writeCustomerSignals(const CustomerRow &customer);
    Result<void> writeDeals();
    Result<void> writeQuotes(int dealIndex, const CustomerRow &customer, const UnitRow &unit,
                             const QString &ownerId, int product, qint64 amountMinor, int status,
                             int position, qint64 dealCreated, qint64 dealEnd);
    Result<void> writeUnitWork();
    Result<void> writeAutomation();

    const DemoGenerator::Options m_options;
    const qint64 m_now;
    LocalStore &m_store;
    const std::function<bool(int)> &m_progress;
    Rng m_rng;
    int m_lastPercent = -1;

    BulkLoader m_units, m_users, m_stages, m_productLines, m_products, m_customers, m_deals,
        m_activities, m_interactions, m_quotes, m_quoteVersions, m_grants, m_confirmations,
        m_proposals, m_collaboration, m_budget, m_nps, m_tickets, m_rules, m_ruleLog;

    // Text tables, converted once.
    QList<QStringList> m_surnames, m_givenNames, m_zhBrandFirst, m_zhBrandSecond, m_industries;
    QStringList m_englishFirst, m_englishLast, m_enBrandFirst, m_enBrandSecond, m_zhSuffixes,
        m_zhPublicBodies, m_enPublicBodies, m_zhStreets;
    QList<QStringList> m_placeDistricts, m_placeStreets, m_placeEnSuffixes;
    QStringList m_placeCities, m_placeZhPrefixes, m_placeCountries, m_placePhones, m_placeSlugs;
    QStringList m_segments, m_zhCustomerNotes, m_enCustomerNotes, m_zhTitleSuffixes,
        m_enTitleSuffixes, m_zhLostReasons, m_enLostReasons, m_zhDealNotes, m_enDealNotes,
        m_zhTopics, m_enTopics, m_activityKinds, m_zhActivityPrefixes, m_enActivityPrefixes,
        m_interactionKinds, m_zhTicketSubjects, m_enTicketSubjects, m_zhNpsComments,
        m_enNpsComments, m_grantFields, m_grantPurposes, m_collaborationKinds,
        m_zhCollaborationTexts, m_enCollaborationTexts, m_zhBudgetPurposes, m_enBudgetPurposes,
        m_zhProposalTexts, m_enProposalTexts;

    // What later rows refer to.
    std::vector<UnitRow> m_unitRows;
    QString m_hqUserId;
    QList<StageRow> m_stageSets[2];
    QStringList m_productIds, m_productNames, m_productSkus;
    std::vector<CustomerRow> m_customerRows;
    std::vector<DealRef> m_dealRefs;
    std::vector<QuoteRef> m_quoteRefs;
    QStringList m_ruleIds;
    QSet<QString> m_userEmails;
    QSet<QString> m_customerNames;
    QString m_demoUserId;
    int m_quoteNumber = 0;
};

Generation::Generation(const DemoGenerator::Options &options, qint64 nowMs, LocalStore &store,
                       const std::function<bool(int)> &progress)
    : m_options(options)
    , m_now(nowMs)
    , m_store(store)
    , m_progress(progress)
    , m_rng(options.seed)
    , m_units(store)
    , m_users(store)
    , m_stages(store)
    , m_productLines(store)
    , m_products(store)
    , m_customers(store)
    , m_deals(store)
    , m_activities(store)
    , m_interactions(store)
    , m_quotes(store)
    , m_quoteVersions(store)
    , m_grants(store)
    , m_confirmations(store)
    , m_proposals(store)
    , m_collaboration(store)
    , m_budget(store)
    , m_nps(store)
    , m_tickets(store)
    , m_rules(store)
    , m_ruleLog(store)
{
    m_surnames = tuplesOf(surnames);
    m_givenNames = tuplesOf(givenNames);
    m_zhBrandFirst = tuplesOf(zhBrandFirst);
    m_zhBrandSecond = tuplesOf(zhBrandSecond);
    m_industries = tuplesOf(industries);
    m_englishFirst = listOf(englishFirstNames);
    m_englishLast = listOf(englishLastNames);
    m_enBrandFirst = listOf(enBrandFirst);
    m_enBrandSecond = listOf(enBrandSecond);
    m_zhSuffixes = listOf(zhCompanySuffixes);
    m_zhPublicBodies = listOf(zhPublicBodies);
    m_enPublicBodies = listOf(enPublicBodies);
    m_zhStreets = listOf(zhStreets);
    for (const PlaceSpec &place : placeSpecs) {
        m_placeCities.append(QString::fromUtf16(place.city));
        m_placeZhPrefixes.append(QString::fromUtf16(place.zhPrefix));
        m_placeCountries.append(QString::fromUtf16(place.country));
        m_placePhones.append(QString::fromUtf16(place.phone));
        m_placeSlugs.append(QString::fromUtf16(place.slug));
        m_placeDistricts.append(listOf(place.districts));
        m_placeStreets.append(*place.streets ? listOf(place.streets) : m_zhStreets);
        m_placeEnSuffixes.append(listOf(place.enSuffixes));
    }
    for (const SegmentSpec &segment : segmentSpecs)
        m_segments.append(QString::fromUtf16(segment.name));
    m_zhCustomerNotes = listOf(zhCustomerNotes);
    m_enCustomerNotes = listOf(enCustomerNotes);
    m_zhTitleSuffixes = listOf(zhTitleSuffixes);
    m_enTitleSuffixes = listOf(enTitleSuffixes);
    m_zhLostReasons = listOf(zhLostReasons);
    m_enLostReasons = listOf(enLostReasons);
    m_zhDealNotes = listOf(zhDealNotes);
    m_enDealNotes = listOf(enDealNotes);
    m_zhTopics = listOf(zhTopics);
    m_enTopics = listOf(enTopics);
    m_activityKinds = listOf(activityKinds);
    m_zhActivityPrefixes = listOf(zhActivityPrefixes);
    m_enActivityPrefixes = listOf(enActivityPrefixes);
    m_interactionKinds = listOf(interactionKinds);
    m_zhTicketSubjects = listOf(zhTicketSubjects);
    m_enTicketSubjects = listOf(enTicketSubjects);
    m_zhNpsComments = listOf(zhNpsComments);
    m_enNpsComments = listOf(enNpsComments);
    m_grantFields = listOf(grantFields);
    m_grantPurposes = listOf(grantPurposes);
    m_collaborationKinds = listOf(collaborationKinds);
    m_zhCollaborationTexts = listOf(zhCollaborationTexts);
    m_enCollaborationTexts = listOf(enCollaborationTexts);
    m_zhBudgetPurposes = listOf(zhBudgetPurposes);
    m_enBudgetPurposes = listOf(enBudgetPurposes);
    m_zhProposalTexts = listOf(zhProposalTexts);
    m_enProposalTexts = listOf(enProposalTexts);
}

Result<void> Generation::report(int percent)
{
    if (percent <= m_lastPercent)
        return {};
    m_lastPercent = percent;
    if (m_progress && !m_progress(percent))
        return Error {ErrorCode::Conflict, DemoGenerator::tr("Generation was cancelled.")};
    return {};
}

Result<void> Generation::begin(BulkLoader &loader, const QString &table, const QStringList &columns)
{
    QStringList all = {u"id"_s};
    all += columns;
    all += {u"created_at"_s, u"updated_at"_s};
    return loader.begin(table, all);
}

Person Generation::chineseName()
{
    const QStringList &surname = m_rng.pick(m_surnames);
    const QStringList &given = m_rng.pick(m_givenNames);
    return {surname.at(0) + given.at(0), QString(given.at(1) + u'.' + surname.at(1))};
}

Person Generation::englishName()
{
    const QString &first = m_rng.pick(m_englishFirst);
    const QString &last = m_rng.pick(m_englishLast);
    QString local = first.toLower() + u'.' + last.toLower();
    local.remove(u' ');
    return {first + u' ' + last, local};
}

Person Generation::personFor(double chineseShare)
{
    return m_rng.chance(chineseShare) ? chineseName() : englishName();
}

QString Generation::userEmail(const QString &local)
{
    QString email = local + u"@outpost.example"_s;
    for (int n = 2; m_userEmails.contains(email); ++n)
        email = local + QString::number(n) + u"@outpost.example"_s;
    m_userEmails.insert(email);
    return email;
}

QString Generation::phoneNumber(const QString &pattern)
{
    QString number = pattern;
    for (QChar &c : number) {
        if (c == u'#')
            c = QChar(u'0' + m_rng.below(10));
        else if (c == u'%')
            c = QChar(u'3' + m_rng.below(7));
    }
    return number;
}

Result<void> Generation::writeOrganization()
{
    if (Result<void> r = begin(m_units, u"units"_s,
                               {u"name"_s, u"parent_id"_s, u"region"_s, u"currency"_s,
                                u"budget_limit_minor"_s, u"is_hq"_s});
        !r) {
        return r;
    }
    if (Result<void> r
        = begin(m_users, u"users"_s, {u"name"_s, u"email"_s, u"role"_s, u"unit_id"_s, u"active"_s});
        !r) {
        return r;
    }
    const qint64 founded = daysAgo(1800, 2000);
    for (int i = 0; i < unitCount; ++i) {
        const UnitSpec &spec = unitSpecs[i];
        UnitRow unit;
        unit.spec = &spec;
        const qint64 created = i == 0 ? founded : founded + m_rng.between(dayMs, 120 * dayMs);
        unit.id = newId(created);
        unit.name = QString::fromUtf16(spec.name);
        unit.region = QString::fromUtf16(spec.region);
        unit.currency = QString::fromUtf16(spec.currency);
        unit.stageSet = i == southChinaUnit ? 1 : 0;
        for (int p = 0; p < int(std::size(placeSpecs)); ++p) {
            if (placeSpecs[p].unit == i)
                unit.places.append(p);
        }
        const QVariant parent = i == 0 ? QVariant() : QVariant(m_unitRows.front().id);
        if (Result<void> r
            = m_units.insert({unit.id, unit.name, parent, unit.region, unit.currency,
                              spec.budgetLimitMajor * 100, i == 0 ? 1 : 0, created, created});
            !r) {
            return r;
        }
        m_unitRows.push_back(std::move(unit));
    }

    const auto addUser = [&](UnitRow &unit, const QString &role, double chineseShare,
                             qint64 created) -> Result<QString> {
        const Person person = personFor(chineseShare);
        const QString id = newId(created);
        if (Result<void> r = m_users.insert({id, person.name, userEmail(person.emailLocal), role,
                                             unit.id, 1, created, created});
            !r) {
            return r.error();
        }
        return id;
    };

    // Reps scale with the pipeline: about one per thousand deals of the unit, at least two.
    const int totalWeight = [] {
        int sum = 0;
        for (const UnitSpec &spec : unitSpecs)
            sum += spec.dealWeight;
        return sum;
    }();
    for (int i = 0; i < unitCount; ++i) {
        UnitRow &unit = m_unitRows[size_t(i)];
        const double share = unit.spec->chineseShare;
        const qint64 created = founded + m_rng.between(30 * dayMs, 200 * dayMs);
        if (i == 0) {
            for (const QString &role : {u"hq"_s, u"hq"_s, u"hq"_s, u"admin"_s}) {
                Result<QString> id = addUser(unit, role, share, created);
                if (!id)
                    return id.error();
                if (m_hqUserId.isEmpty())
                    m_hqUserId = id.value();
            }
            continue;
        }
        Result<QString> lead = addUser(unit, u"lead"_s, share, created);
        if (!lead)
            return lead.error();
        unit.leadId = lead.value();
        const int reps = std::max(2,
                                  int(std::lround(double(m_options.deals) * unit.spec->dealWeight
                                                  / totalWeight / 1000.0)));
        for (int r = 0; r < reps; ++r) {
            Result<QString> rep = addUser(unit, u"rep"_s, share, daysAgo(60, 1500));
            if (!rep)
                return rep.error();
            unit.repIds.append(rep.value());
        }
        for (const QString &role : {u"csm"_s, u"delivery"_s, u"strategist"_s}) {
            if (Result<QString> id = addUser(unit, role, share, daysAgo(200, 1500)); !id)
                return id.error();
        }
    }
    m_demoUserId = m_unitRows[demoUnit].repIds.constFirst();
    return {};
}

Result<void> Generation::writeStages()
{
    if (Result<void> r = begin(m_stages, u"stages"_s,
                               {u"unit_id"_s, u"name"_s, u"position"_s, u"win_probability"_s,
                                u"rotting_days"_s, u"required_fields"_s});
        !r) {
        return r;
    }
    for (int set = 0; set < 2; ++set) {
        const StageSpec *specs = set == 0 ? templateStages : southChinaStages;
        const QVariant unitId = set == 0 ? QVariant() : QVariant(m_unitRows[southChinaUnit].id);
        const qint64 created = daysAgo(set == 0 ? 1700 : 900, set == 0 ? 1750 : 1000);
        for (int i = 0; i < stageCount; ++i) {
            const StageSpec &spec = specs[i];
            StageRow stage {newId(created), i + 1, spec.probability, spec.rottingDays};
            if (Result<void> r
                = m_stages.insert({stage.id, unitId, QString::fromUtf16(spec.name), stage.position,
                                   stage.probability, stage.rottingDays,
                                   QString::fromUtf16(spec.requiredFields), created, created});
                !r) {
                return r;
            }
            m_stageSets[set].append(stage);
        }
    }
    return {};
}

Result<void> Generation::writeCatalog()
{
    if (Result<void> r = begin(m_productLines, u"product_lines"_s, {u"name"_s}); !r)
        return r;
    if (Result<void> r
        = begin(m_products, u"products"_s,
                {u"line_id"_s, u"name"_s, u"sku"_s, u"list_price_minor"_s, u"currency"_s});
        !r) {
        return r;
    }
    QStringList lineIds;
    const qint64 created = daysAgo(1700, 1800);
    for (const char16_t *name : productLines) {
        lineIds.append(newId(created));
        if (Result<void> r = m_productLines.insert(
                {lineIds.constLast(), QString::fromUtf16(name), created, created});
            !r) {
            return r;
        }
    }
    for (const ProductSpec &spec : productSpecs) {
        const qint64 launched = created + m_rng.between(0, 900 * dayMs);
        m_productIds.append(newId(launched));
        m_productNames.append(QString::fromUtf16(spec.name));
        m_productSkus.append(QString::fromUtf16(spec.sku));
        if (Result<void> r
            = m_products.insert({m_productIds.constLast(), lineIds.at(spec.line),
                                 m_productNames.constLast(), m_productSkus.constLast(),
                                 spec.listPriceMajor * 100, u"CNY"_s, launched, launched});
            !r) {
            return r;
        }
    }
    return {};
}

Generation::CompanyName Generation::companyName(const CustomerRow &customer, int place,
                                                int industry)
{
    const QStringList &industryParts = m_industries.at(industry);
    const QStringList &districts = m_placeDistricts.at(place);
    CompanyName company;
    for (int attempt = 0; attempt < 8; ++attempt) {
        if (customer.segment == publicSector) {
            company.name = customer.chinese
                ? QString(m_placeZhPrefixes.at(place) + u'市' + m_rng.pick(districts)
                          + m_rng.pick(m_zhPublicBodies))
                : QString(m_rng.pick(districts) + u' ' + m_rng.pick(m_enPublicBodies));
            company.shortName = company.name;
            company.domain = m_placeSlugs.at(place) + u".gov.example"_s;
        } else if (customer.chinese) {
            // "上海华信科技有限公司": city, two brand characters, industry word, legal form.
            const QStringList &first = m_rng.pick(m_zhBrandFirst);
            const QStringList &second = m_rng.pick(m_zhBrandSecond);
            company.shortName = first.at(0) + second.at(0) + industryParts.at(0);
            company.name
                = m_placeZhPrefixes.at(place) + company.shortName + m_rng.pick(m_zhSuffixes);
            company.domain
                = first.at(1) + second.at(1) + u'-' + industryParts.at(3) + u".example"_s;
        } else {
            // "Northwind Logistics Ltd"
            company.shortName = m_rng.pick(m_enBrandFirst) + m_rng.pick(m_enBrandSecond);
            company.name = company.shortName + u' ' + industryParts.at(1) + u' '
                + m_rng.pick(m_placeEnSuffixes.at(place));
            company.domain
                = company.shortName.toLower() + u'-' + industryParts.at(3) + u".example"_s;
        }
        if (!m_customerNames.contains(company.name))
            break;
    }
    // Large demos run out of combinations; a number keeps names unique.
    if (m_customerNames.contains(company.name)) {
        const QString base = company.name;
        for (int n = 2; m_customerNames.contains(company.name); ++n)
            company.name = base + u" ("_s + QString::number(n) + u')';
    }
    m_customerNames.insert(company.name);
    return company;
}

Result<void> Generation::writeCustomers()
{
    if (Result<void> r = begin(m_customers, u"customers"_s,
                               {u"unit_id"_s, u"owner_id"_s, u"name"_s, u"segment"_s, u"region"_s,
                                u"industry"_s, u"contact_name"_s, u"email"_s, u"phone"_s,
                                u"address"_s, u"city"_s, u"country"_s, u"notes"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_nps, u"nps_responses"_s,
                               {u"customer_id"_s, u"score"_s, u"comment"_s, u"responded_at"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_tickets, u"service_tickets"_s,
                               {u"customer_id"_s, u"subject"_s, u"priority"_s, u"status"_s,
                                u"opened_at"_s, u"resolved_at"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_grants, u"data_grants"_s,
                               {u"customer_id"_s, u"field"_s, u"purpose"_s, u"audience"_s,
                                u"valid_from"_s, u"valid_until"_s, u"revoked_at"_s});
        !r) {
        return r;
    }

    const int count = std::max(20, m_options.deals / 5);
    m_customerRows.reserve(size_t(count));
    // Rows go in in creation order, so UUIDv7 keys append to their index instead of
    // landing all over it; the first (and biggest, see writeDeals) accounts are the oldest.
    std::vector<qint64> createdTimes(static_cast<size_t>(count));
    for (qint64 &created : createdTimes)
        created = daysAgo(760, 1600);
    std::sort(createdTimes.begin(), createdTimes.end());
    for (int i = 0; i < count; ++i) {
        CustomerRow c;
        c.unit = 1
            + m_rng.weighted({unitSpecs[1].dealWeight, unitSpecs[2].dealWeight,
                              unitSpecs[3].dealWeight, unitSpecs[4].dealWeight,
                              unitSpecs[5].dealWeight, unitSpecs[6].dealWeight});
        const UnitRow &unit = m_unitRows[size_t(c.unit)];
        const int place = m_rng.pick(unit.places);
        c.chinese = m_rng.chance(unit.spec->chineseShare);
        c.segment = m_rng.weighted({segmentSpecs[0].weight, segmentSpecs[1].weight,
                                    segmentSpecs[2].weight, segmentSpecs[3].weight});
        const int industry = m_rng.below(int(m_industries.size()));
        const CompanyName company = companyName(c, place, industry);
        c.name = company.name;
        c.shortName = company.shortName;
        const Person contact = c.chinese ? chineseName() : englishName();
        c.contactName = contact.name;
        c.ownerId = m_rng.pick(unit.repIds);
        c.createdAt = createdTimes[size_t(i)];
        const qint64 updated = c.createdAt + m_rng.between(0, m_now - c.createdAt);
        c.id = newId(c.createdAt);

        const QStringList &districts = m_placeDistricts.at(place);
        const QString &street = m_rng.pick(m_placeStreets.at(place));
        const QString number = QString::number(1 + m_rng.below(399));
        const QString address = unit.spec->chineseShare > 0.5
            ? QString(m_rng.pick(districts) + street + number + u'号')
            : QString(number + u' ' + street + u", "_s + m_rng.pick(districts));
        const QString notes = m_rng.chance(0.3)
            ? m_rng.pick(c.chinese ? m_zhCustomerNotes : m_enCustomerNotes)
            : QString();
        const QString industryName = c.segment == publicSector ? u"Public administration"_s
                                                               : m_industries.at(industry).at(2);
        if (Result<void> r = m_customers.insert(
                {c.id, unit.id, c.ownerId, c.name, m_segments.at(c.segment), unit.region,
                 industryName, c.contactName, QString(contact.emailLocal + u'@' + company.domain),
                 phoneNumber(m_placePhones.at(place)), address, m_placeCities.at(place),
                 m_placeCountries.at(place), notes, c.createdAt, updated});
            !r) {
            return r;
        }
        m_customerRows.push_back(std::move(c));
        if (Result<void> r = writeCustomerSignals(m_customerRows.back()); !r)
            return r;
        if (i % 256 == 0) {
            if (Result<void> r = report(1 + 11 * i / count); !r)
                return r;
        }
    }
    return {};
}

Result<void> Generation::writeCustomerSignals(const CustomerRow &c)
{
    const qint64 sinceCreated = m_now - c.createdAt;
    // About one NPS answer per two customers, skewed to promoters.
    if (m_rng.chance(0.5)) {
        const qint64 at = c.createdAt + m_rng.between(sinceCreated / 4, sinceCreated);
        const int score = m_rng.weighted({2, 1, 2, 2, 3, 5, 7, 10, 18, 25, 25});
        const QString comment = m_rng.chance(0.4)
            ? m_rng.pick(c.chinese ? m_zhNpsComments : m_enNpsComments)
            : QString();
        if (Result<void> r = m_nps.insert({newId(at), c.id, score, comment, at, at, at}); !r)
            return r;
    }
    // About 0.3 service tickets per customer; most of them long resolved.
    if (m_rng.chance(0.3)) {
        static const QStringList priorities = {u"low"_s, u"normal"_s, u"high"_s, u"urgent"_s};
        static const QStringList statuses = {u"open"_s, u"pending"_s, u"resolved"_s, u"closed"_s};
        const int status = m_rng.weighted({15, 10, 30, 45});
        const qint64 opened = status < 2 ? m_now - m_rng.between(hourMs, 20 * dayMs)
                                         : c.createdAt + m_rng.between(0, sinceCreated - dayMs);
        const qint64 resolved
            = status < 2 ? 0 : std::min(m_now, opened + m_rng.between(hourMs, 10 * dayMs));
        if (Result<void> r = m_tickets.insert(
                {newId(opened), c.id,
                 m_rng.pick(c.chinese ? m_zhTicketSubjects : m_enTicketSubjects),
                 priorities.at(m_rng.weighted({20, 50, 22, 8})), statuses.at(status), opened,
                 optional(resolved), opened, resolved == 0 ? opened : resolved});
            !r) {
            return r;
        }
    }
    // One or two data grants per customer on average, each for a different field.
    static const QStringList audiences = {u"owner"_s, u"unit"_s, u"organization"_s, u"partners"_s};
    int fields[7] = {0, 1, 2, 3, 4, 5, 6};
    const int grants = m_rng.binomial(4, 0.4);
    for (int g = 0; g < grants; ++g) {
        std::swap(fields[g], fields[g + m_rng.below(7 - g)]);
        const qint64 from = c.createdAt + m_rng.between(0, 60 * dayMs);
        const qint64 until = m_rng.chance(0.5) ? 0 : from + m_rng.between(365, 3 * 365) * dayMs;
        const qint64 revoked = m_rng.chance(0.1) ? from + m_rng.between(0, m_now - from) : 0;
        const qint64 updated = std::max(from, revoked);
        if (Result<void> r = m_grants.insert({newId(from), c.id, m_grantFields.at(fields[g]),
                                              m_rng.pick(m_grantPurposes),
                                              audiences.at(m_rng.weighted({20, 45, 25, 10})), from,
                                              optional(until), optional(revoked), from, updated});
            !r) {
            return r;
        }
    }
    return {};
}

Result<void> Generation::writeDeals()
{
    if (Result<void> r
        = begin(m_deals, u"deals"_s,
                {u"title"_s, u"customer_id"_s, u"unit_id"_s, u"owner_id"_s, u"product_id"_s,
                 u"stage_id"_s, u"amount_minor"_s, u"currency"_s, u"region"_s, u"probability"_s,
                 u"expected_close"_s, u"status"_s, u"lost_reason"_s, u"stage_entered_at"_s,
                 u"closed_at"_s, u"last_activity_at"_s, u"notes"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_activities, u"activities"_s,
                               {u"deal_id"_s, u"customer_id"_s, u"user_id"_s, u"kind"_s,
                                u"subject"_s, u"due_at"_s, u"done_at"_s, u"notes"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_interactions, u"interactions"_s,
                               {u"customer_id"_s, u"deal_id"_s, u"user_id"_s, u"kind"_s,
                                u"direction"_s, u"duration_s"_s, u"text"_s, u"occurred_at"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_quotes, u"quotes"_s,
                               {u"deal_id"_s, u"customer_id"_s, u"number"_s, u"status"_s,
                                u"current_version"_s, u"currency"_s, u"valid_until"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_quoteVersions, u"quote_versions"_s,
                               {u"quote_id"_s, u"version"_s, u"line_items"_s, u"subtotal_minor"_s,
                                u"discount_minor"_s, u"tax_minor"_s, u"total_minor"_s,
                                u"document_hash"_s, u"author_id"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_confirmations, u"confirmations"_s,
                               {u"customer_id"_s, u"quote_version_id"_s, u"document_hash"_s,
                                u"signer_name"_s, u"signature"_s, u"confirmed_at"_s});
        !r) {
        return r;
    }

    static const QString statusNames[] = {u"open"_s, u"won"_s, u"lost"_s};
    static const QString inbound = u"inbound"_s;
    static const QString outbound = u"outbound"_s;
    const int deals = m_options.deals;
    const int customers = int(m_customerRows.size());
    const int sellableProducts = int(std::size(productSpecs)) - 3;
    m_dealRefs.reserve(size_t(deals));
    std::array<ActivityDraft, maxChildren> activities;
    std::array<InteractionDraft, maxChildren> interactions;

    // First the shape of every deal, then the rows in creation order (see writeCustomers).
    struct DealPlan
    {
        int customer = 0;
        int product = 0;
        int status = 0;
        int position = stageCount;
        int probability = 0;
        int lostReason = -1;
        QString ownerId;
        qint64 amountMinor = 0;
        qint64 created = 0;
        qint64 stageEntered = 0;
        qint64 closed = 0;
        qint64 expectedClose = 0;
    };
    std::vector<DealPlan> plans(static_cast<size_t>(deals));
    for (DealPlan &plan : plans) {
        // Key accounts: a few customers carry many deals.
        plan.customer = std::min(customers - 1, int(std::pow(m_rng.uniform(), 1.8) * customers));
        const CustomerRow &customer = m_customerRows[size_t(plan.customer)];
        const UnitRow &unit = m_unitRows[size_t(customer.unit)];
        const QList<StageRow> &stages = m_stageSets[unit.stageSet];
        plan.ownerId = m_rng.chance(0.85) ? customer.ownerId : m_rng.pick(unit.repIds);
        plan.product
            = m_rng.chance(0.9) ? m_rng.below(sellableProducts) : sellableProducts + m_rng.below(3);

        // Log-normal amounts around the product's list price, scaled by segment.
        const double cny = double(productSpecs[plan.product].listPriceMajor)
            * segmentSpecs[customer.segment].priceFactor * std::exp(0.55 * m_rng.normal());
        const double major = std::max(2000.0, cny * unit.spec->perCny);
        const qint64 rounding = major >= 100'000 ? 1000 : 100;
        plan.amountMinor = qint64(std::llround(major / double(rounding))) * rounding * 100;

        plan.status = m_rng.weighted({65, 20, 15});
        if (plan.status == 0) {
            plan.position = 1 + m_rng.weighted({18, 16, 14, 13, 12, 10, 9, 8});
            const StageRow &stage = stages.at(plan.position - 1);
            // Exponential dwell with mean 0.6 x rotting days: about one in five deals rots.
            const qint64 dwell
                = std::clamp(qint64(m_rng.exponential(0.6 * stage.rottingDays) * double(dayMs)),
                             hourMs, 150 * dayMs);
            plan.stageEntered = m_now - dwell;
            qint64 before = m_rng.between(0, 2 * dayMs);
            for (int p = 0; p < plan.position - 1; ++p)
                before += m_rng.between(dayMs, stages.at(p).rottingDays * dayMs);
            plan.created = plan.stageEntered - before;
            plan.expectedClose = m_rng.chance(0.08)
                ? m_now - m_rng.between(dayMs, 30 * dayMs)
                : m_now + (stageCount + 1 - plan.position) * m_rng.between(4 * dayMs, 16 * dayMs);
            plan.probability = stage.probability;
        } else {
            // Closed deals: more of them recent.
            plan.closed = m_now - qint64(std::pow(m_rng.uniform(), 1.3) * 600.0 * double(dayMs))
                - m_rng.between(hourMs, dayMs);
            if (plan.status == 1) {
                plan.created = plan.closed - m_rng.between(14 * dayMs, 150 * dayMs);
                plan.stageEntered
                    = std::max(plan.created, plan.closed - m_rng.between(dayMs, 14 * dayMs));
                plan.expectedClose = plan.closed + m_rng.between(-10 * dayMs, 10 * dayMs);
                plan.probability = 100;
            } else {
                plan.position = 1 + m_rng.below(stageCount - 1);
                plan.created = plan.closed - m_rng.between(7 * dayMs, 120 * dayMs);
                plan.stageEntered
                    = std::max(plan.created, plan.closed - m_rng.between(dayMs, 40 * dayMs));
                plan.expectedClose = plan.closed + m_rng.between(-5 * dayMs, 45 * dayMs);
                plan.lostReason = m_rng.below(int(m_enLostReasons.size()));
            }
        }
    }
    std::stable_sort(plans.begin(), plans.end(),
                     [](const DealPlan &a, const DealPlan &b) { return a.created < b.created; });

    for (int i = 0; i < deals; ++i) {
        const DealPlan &plan = plans[size_t(i)];
        const int customerIndex = plan.customer;
        const CustomerRow &customer = m_customerRows[size_t(customerIndex)];
        UnitRow &unit = m_unitRows[size_t(customer.unit)];
        const QList<StageRow> &stages = m_stageSets[unit.stageSet];
        const QString &ownerId = plan.ownerId;
        const int product = plan.product;
        const qint64 amountMinor = plan.amountMinor;
        const int status = plan.status;
        const int position = plan.position;
        const qint64 created = plan.created;
        const qint64 stageEntered = plan.stageEntered;
        const qint64 closed = plan.closed;
        const qint64 expectedClose = plan.expectedClose;
        const int probability = plan.probability;
        const QString lostReason = plan.lostReason < 0
            ? QString()
            : (customer.chinese ? m_zhLostReasons : m_enLostReasons).at(plan.lostReason);
        const qint64 end = status == 0 ? m_now : closed;

        // Work around the deal, decided before the deal row so last_activity_at is known.
        qint64 lastActivity = 0;
        const int activityCount = m_rng.binomial(
            maxChildren,
            (status == 0 ? activitiesPerOpenDeal : activitiesPerClosedDeal) / maxChildren);
        for (int a = 0; a < activityCount; ++a) {
            ActivityDraft &draft = activities[size_t(a)];
            draft.topic = m_rng.below(int(m_enTopics.size()));
            draft.withNotes = m_rng.chance(0.15);
            if (status == 0 && m_rng.chance(0.3)) {
                draft.kind = m_rng.pick(std::array {0, 1, 3}); // call, meeting or task ahead
                draft.createdAt = m_rng.between(std::max(created, m_now - 10 * dayMs), m_now);
                draft.dueAt = m_now + m_rng.between(-4 * dayMs, 14 * dayMs);
                draft.doneAt = 0;
            } else {
                draft.kind = m_rng.weighted({30, 20, 25, 15, 10});
                draft.createdAt = m_rng.between(created, end);
                draft.doneAt = std::min(end, draft.createdAt + m_rng.between(0, 3 * dayMs));
                draft.dueAt = draft.kind == 2 || draft.kind == 4 ? 0 : draft.doneAt;
                lastActivity = std::max(lastActivity, draft.doneAt);
            }
        }
        const int interactionCount = m_rng.binomial(
            maxChildren,
            (status == 0 ? interactionsPerOpenDeal : interactionsPerClosedDeal) / maxChildren);
        for (int n = 0; n < interactionCount; ++n) {
            InteractionDraft &draft = interactions[size_t(n)];
            draft.kind = m_rng.weighted({30, 15, 30, 12, 8, 5});
            draft.occurredAt = m_rng.between(created, end);
            draft.topic = m_rng.below(int(m_enTopics.size()));
            draft.inbound = m_rng.chance(0.4);
            switch (draft.kind) {
            case 0:
                draft.durationS = int(m_rng.between(120, 1800));
                break;
            case 1:
                draft.durationS = int(m_rng.between(1800, 5400));
                break;
            case 4:
                draft.durationS = int(m_rng.between(3600, 10800));
                break;
            default:
                draft.durationS = 0;
                break;
            }
            lastActivity = std::max(lastActivity, draft.occurredAt);
        }

        const QString dealId = newId(created);
        const StageRow &stage = stages.at(position - 1);
        const QString &productName = m_productNames.at(product);
        const QString title = customer.shortName + u" – "_s + productName + u' '
            + m_rng.pick(customer.chinese ? m_zhTitleSuffixes : m_enTitleSuffixes);
        const QString notes = m_rng.chance(0.25)
            ? m_rng.pick(customer.chinese ? m_zhDealNotes : m_enDealNotes)
            : QString();
        const qint64 updated = std::max(status == 0 ? stageEntered : closed, lastActivity);
        if (Result<void> r = m_deals.insert({dealId,
                                             title,
                                             customer.id,
                                             unit.id,
                                             ownerId,
                                             m_productIds.at(product),
                                             stage.id,
                                             amountMinor,
                                             unit.currency,
                                             unit.region,
                                             probability,
                                             expectedClose,
                                             statusNames[status],
                                             lostReason,
                                             stageEntered,
                                             optional(closed),
                                             optional(lastActivity),
                                             notes,
                                             created,
                                             updated});
            !r) {
            return r;
        }
        const int dealIndex = int(m_dealRefs.size());
        m_dealRefs.push_back({dealId, customerIndex, created});
        unit.deals.push_back(dealIndex);

        const QStringList &prefixes
            = customer.chinese ? m_zhActivityPrefixes : m_enActivityPrefixes;
        const QStringList &topics = customer.chinese ? m_zhTopics : m_enTopics;
        for (int a = 0; a < activityCount; ++a) {
            const ActivityDraft &draft = activities[size_t(a)];
            const QString activityNotes = draft.withNotes
                ? m_rng.pick(customer.chinese ? m_zhDealNotes : m_enDealNotes)
                : QString();
            if (Result<void> r = m_activities.insert(
                    {newId(draft.createdAt), dealId, customer.id, ownerId,
                     m_activityKinds.at(draft.kind),
                     QString(prefixes.at(draft.kind) + topics.at(draft.topic)),
                     optional(draft.dueAt), optional(draft.doneAt), activityNotes, draft.createdAt,
                     draft.doneAt == 0 ? draft.createdAt : draft.doneAt});
                !r) {
                return r;
            }
        }
        for (int n = 0; n < interactionCount; ++n) {
            const InteractionDraft &draft = interactions[size_t(n)];
            const QString &topic = topics.at(draft.topic);
            QString text;
            if (customer.chinese && draft.inbound)
                text = customer.contactName + u"来询问"_s + topic + u'。';
            else if (customer.chinese)
                text = u"与"_s + customer.contactName + u"沟通"_s + topic + u'。';
            else if (draft.inbound)
                text = customer.contactName + u" asked about "_s + topic + u'.';
            else
                text = u"Discussed "_s + topic + u" with "_s + customer.contactName + u'.';
            if (Result<void> r = m_interactions.insert(
                    {newId(draft.occurredAt), customer.id, dealId, ownerId,
                     m_interactionKinds.at(draft.kind), draft.inbound ? inbound : outbound,
                     draft.durationS, text, draft.occurredAt, draft.occurredAt, draft.occurredAt});
                !r) {
                return r;
            }
        }
        // Quotes from the proposal stage on, for won deals, and for some deals lost late.
        if ((status == 0 && position >= proposalPosition) || status == 1
            || (status == 2 && position >= proposalPosition && m_rng.chance(0.3))) {
            if (Result<void> r = writeQuotes(dealIndex, customer, unit, ownerId, product,
                                             amountMinor, status, position, created, end);
                !r) {
                return r;
            }
        }
        if (i % 256 == 0) {
            if (Result<void> r = report(12 + int(83LL * i / deals)); !r)
                return r;
        }
    }
    return {};
}

Result<void> Generation::writeQuotes(int dealIndex, const CustomerRow &customer,
                                     const UnitRow &unit, const QString &ownerId, int product,
                                     qint64 amountMinor, int status, int position,
                                     qint64 dealCreated, qint64 dealEnd)
{
    static const QString quoteStatuses[]
        = {u"draft"_s, u"shared"_s, u"confirmed"_s, u"rejected"_s, u"expired"_s};
    int quoteStatus = 1;
    if (status == 0)
        quoteStatus = position == proposalPosition && m_rng.chance(0.4) ? 0 : 1;
    else if (status == 1)
        quoteStatus = m_rng.chance(0.35) ? 2 : 1; // the rest were signed on paper
    else
        quoteStatus = m_rng.chance(0.6) ? 3 : 4;

    // Quotes late in the pipeline went through more revisions.
    int versions = 1;
    if (m_rng.chance(position >= 7 || status == 1 ? 0.45 : 0.2))
        versions = m_rng.chance(0.2) ? 3 : 2;
    // The quote starts in the second half of the deal's life; revisions follow days apart.
    const qint64 span = dealEnd - dealCreated;
    qint64 at = dealCreated + span / 2 + m_rng.between(0, span / 4);
    const qint64 quoteCreated = at;
    const QString quoteId = newId(quoteCreated);
    ++m_quoteNumber;
    const QString number = u"Q-"_s
        + QString::number(int(
            std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                            std::chrono::sys_time<std::chrono::milliseconds>(
                                                std::chrono::milliseconds(quoteCreated))))
                .year()))
        + u'-' + QString::number(m_quoteNumber).rightJustified(6, u'0');

    // Version rows are written after the quote (foreign key), so prepare them first.
    struct VersionRow
    {
        QString id;
        qint64 at;
        QString lineItems;
        qint64 subtotal, discount, tax, total;
        QString hash;
    };
    std::array<VersionRow, 3> rows;
    const int discountPercent = m_rng.pick(std::array {0, 5, 8, 10, 12, 15});
    const int quantity = 1 + m_rng.below(8);
    const QString &mainId = m_productIds.at(product);
    const QString &mainSku = m_productSkus.at(product);
    const QString &mainName = m_productNames.at(product);
    const QString &servicesId = m_productIds.at(implementationProduct);
    for (int v = 0; v < versions; ++v) {
        VersionRow &row = rows[size_t(v)];
        if (v > 0)
            at = std::min(dealEnd, at + m_rng.between(dayMs, 6 * dayMs));
        row.at = at;
        row.id = newId(at);
        // Earlier versions were dearer: each revision moved about 6% towards the final amount.
        const qint64 net = (amountMinor * (100 + 6 * (versions - 1 - v)) / 100) / 100 * 100;
        row.subtotal = net * 100 / (100 - discountPercent) / 100 * 100;
        row.discount = row.subtotal - net;
        row.tax = net * unit.spec->taxPercent / 100;
        row.total = net + row.tax;
        const qint64 unitPrice = row.subtotal * 80 / 100 / quantity / 100 * 100;
        const qint64 services = row.subtotal - unitPrice * quantity;
        // Canonical form: keys sorted, no spaces, integers only; the hash covers these bytes.
        row.lineItems = u"[{\"description\":\""_s + jsonEscaped(mainName)
            + u"\",\"product_id\":\""_s + mainId + u"\",\"quantity\":"_s + QString::number(quantity)
            + u",\"sku\":\""_s + mainSku + u"\",\"unit_price_minor\":"_s
            + QString::number(unitPrice)
            + u"},{\"description\":\"Implementation Services\",\"product_id\":\""_s + servicesId
            + u"\",\"quantity\":1,\"sku\":\"SV-IMP-01\",\"unit_price_minor\":"_s
            + QString::number(services) + u"}]"_s;
        row.hash = QString::fromLatin1(
            QCryptographicHash::hash(row.lineItems.toUtf8(), QCryptographicHash::Sha256).toHex());
    }
    const VersionRow &last = rows[size_t(versions - 1)];
    const qint64 confirmedAt
        = quoteStatus == 2 ? std::min(dealEnd, last.at + m_rng.between(hourMs, 5 * dayMs)) : 0;
    const qint64 quoteUpdated = std::max(last.at, confirmedAt);
    if (Result<void> r
        = m_quotes.insert({quoteId, m_dealRefs[size_t(dealIndex)].id, customer.id, number,
                           quoteStatuses[quoteStatus], versions, unit.currency,
                           last.at + 30 * dayMs, quoteCreated, quoteUpdated});
        !r) {
        return r;
    }
    for (int v = 0; v < versions; ++v) {
        const VersionRow &row = rows[size_t(v)];
        if (Result<void> r = m_quoteVersions.insert({row.id, quoteId, v + 1, row.lineItems,
                                                     row.subtotal, row.discount, row.tax, row.total,
                                                     row.hash, ownerId, row.at, row.at});
            !r) {
            return r;
        }
    }
    if (quoteStatus == 2) {
        // A demo has no signing keys, so its confirmations carry no signature.
        if (Result<void> r = m_confirmations.insert({newId(confirmedAt), customer.id, last.id,
                                                     last.hash, customer.contactName, QString(),
                                                     confirmedAt, confirmedAt, confirmedAt});
            !r) {
            return r;
        }
    }
    m_quoteRefs.push_back({quoteId, dealIndex, quoteCreated});
    return {};
}

Result<void> Generation::writeUnitWork()
{
    if (Result<void> r = begin(m_collaboration, u"collaboration_requests"_s,
                               {u"from_unit_id"_s, u"to_unit_id"_s, u"requested_by"_s,
                                u"customer_id"_s, u"deal_id"_s, u"kind"_s, u"text"_s, u"status"_s});
        !r) {
        return r;
    }
    if (Result<void> r
        = begin(m_budget, u"budget_requests"_s,
                {u"unit_id"_s, u"requested_by"_s, u"deal_id"_s, u"amount_minor"_s, u"currency"_s,
                 u"purpose"_s, u"status"_s, u"decided_by"_s, u"decided_at"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_proposals, u"proposals"_s,
                               {u"customer_id"_s, u"quote_id"_s, u"deal_id"_s, u"text"_s,
                                u"status"_s, u"responded_at"_s});
        !r) {
        return r;
    }

    const auto dealOf = [&](const UnitRow &unit) -> const DealRef * {
        return unit.deals.empty()
            ? nullptr
            : &m_dealRefs[size_t(unit.deals[size_t(m_rng.below(int(unit.deals.size())))])];
    };

    static const QStringList collaborationStatuses
        = {u"open"_s, u"accepted"_s, u"declined"_s, u"done"_s};
    const int collaborations = std::max(6, m_options.deals / 400);
    for (int i = 0; i < collaborations; ++i) {
        const int from = 1 + m_rng.below(unitCount - 1);
        const int to = 1 + (from - 1 + 1 + m_rng.below(unitCount - 2)) % (unitCount - 1);
        const UnitRow &unit = m_unitRows[size_t(from)];
        const DealRef *deal = m_rng.chance(0.8) ? dealOf(unit) : nullptr;
        const qint64 at = deal ? m_rng.between(deal->createdAt, m_now) : daysAgo(0, 300);
        const bool chinese = unit.spec->chineseShare > 0.5;
        const int status = m_rng.weighted({30, 30, 10, 30});
        if (Result<void> r = m_collaboration.insert(
                {newId(at), unit.id, m_unitRows[size_t(to)].id,
                 m_rng.chance(0.3) ? unit.leadId : m_rng.pick(unit.repIds),
                 deal ? QVariant(m_customerRows[size_t(deal->customer)].id) : QVariant(),
                 deal ? QVariant(deal->id) : QVariant(), m_rng.pick(m_collaborationKinds),
                 m_rng.pick(chinese ? m_zhCollaborationTexts : m_enCollaborationTexts),
                 collaborationStatuses.at(status), at,
                 status == 0 ? at : std::min(m_now, at + m_rng.between(hourMs, 7 * dayMs))});
            !r) {
            return r;
        }
    }

    // Budget requests: within the unit's limit the lead decides; above it HQ does.
    const int budgetRequests = std::max(12, m_options.deals / 250);
    for (int i = 0; i < budgetRequests; ++i) {
        const UnitRow &unit = m_unitRows[size_t(1 + m_rng.below(unitCount - 1))];
        const qint64 limit = unit.spec->budgetLimitMajor * 100;
        // Every fifth request exceeds the unit's limit, so HQ always has some to decide.
        const bool aboveLimit = i % 5 == 0;
        const double share
            = aboveLimit ? 1.1 + 1.4 * m_rng.uniform() : 0.05 + 0.85 * m_rng.uniform();
        const qint64 amount
            = std::max<qint64>(100'000, qint64(double(limit) * share) / 100'000 * 100'000);
        const DealRef *deal = m_rng.chance(0.7) ? dealOf(unit) : nullptr;
        const qint64 at = deal ? m_rng.between(deal->createdAt, m_now) : daysAgo(0, 400);
        QString status;
        QString decidedBy;
        if (amount > limit) {
            const int outcome = i == 0 ? 0 : m_rng.weighted({60, 25, 15});
            status = outcome == 0 ? u"escalated"_s : outcome == 1 ? u"approved"_s : u"rejected"_s;
            if (outcome > 0)
                decidedBy = m_hqUserId;
        } else {
            const int outcome = m_rng.weighted({25, 55, 20});
            status = outcome == 0 ? u"pending"_s : outcome == 1 ? u"approved"_s : u"rejected"_s;
            if (outcome > 0)
                decidedBy = unit.leadId;
        }
        const qint64 decidedAt
            = decidedBy.isEmpty() ? 0 : std::min(m_now, at + m_rng.between(hourMs, 5 * dayMs));
        const bool chinese = unit.spec->chineseShare > 0.5;
        if (Result<void> r = m_budget.insert(
                {newId(at), unit.id, m_rng.chance(0.5) ? unit.leadId : m_rng.pick(unit.repIds),
                 deal ? QVariant(deal->id) : QVariant(), amount, unit.currency,
                 m_rng.pick(chinese ? m_zhBudgetPurposes : m_enBudgetPurposes), status,
                 optional(decidedBy), optional(decidedAt), at, std::max(at, decidedAt)});
            !r) {
            return r;
        }
    }

    // Proposals customers made on shared quotes.
    static const QStringList proposalStatuses
        = {u"open"_s, u"accepted"_s, u"declined"_s, u"withdrawn"_s};
    const int proposals = m_quoteRefs.empty() ? 0 : std::max(5, m_options.deals / 300);
    for (int i = 0; i < proposals; ++i) {
        const QuoteRef &quote = m_quoteRefs[size_t(m_rng.below(int(m_quoteRefs.size())))];
        const DealRef &deal = m_dealRefs[size_t(quote.deal)];
        const CustomerRow &customer = m_customerRows[size_t(deal.customer)];
        const qint64 at = m_rng.between(quote.createdAt, m_now);
        const int status = m_rng.weighted({35, 35, 20, 10});
        const qint64 responded
            = status == 0 ? 0 : std::min(m_now, at + m_rng.between(hourMs, 6 * dayMs));
        if (Result<void> r = m_proposals.insert(
                {newId(at), customer.id, quote.id, deal.id,
                 m_rng.pick(customer.chinese ? m_zhProposalTexts : m_enProposalTexts),
                 proposalStatuses.at(status), optional(responded), at,
                 responded == 0 ? at : responded});
            !r) {
            return r;
        }
    }
    return {};
}

Result<void> Generation::writeAutomation()
{
    if (Result<void> r = begin(m_rules, u"automation_rules"_s,
                               {u"unit_id"_s, u"name"_s, u"trigger_event"_s, u"conditions"_s,
                                u"actions"_s, u"enabled"_s});
        !r) {
        return r;
    }
    if (Result<void> r = begin(m_ruleLog, u"automation_log"_s,
                               {u"rule_id"_s, u"table_name"_s, u"row_id"_s, u"action"_s,
                                u"outcome"_s, u"occurred_at"_s});
        !r) {
        return r;
    }
    // HQ's two rules apply everywhere; each unit adds two of its own.
    struct Placed
    {
        int unit;
        int rule;
    };
    std::vector<Placed> placed = {{0, 0}, {0, 1}};
    for (int unit = 1; unit < unitCount; ++unit) {
        const int first = 2 + m_rng.below(3);
        placed.push_back({unit, first});
        placed.push_back({unit, 2 + (first - 2 + 1 + m_rng.below(2)) % 3});
    }
    std::vector<int> ruleSpecOf;
    for (const Placed &p : placed) {
        const RuleSpec &spec = ruleSpecs[p.rule];
        const qint64 created = daysAgo(100, 700);
        m_ruleIds.append(newId(created));
        ruleSpecOf.push_back(p.rule);
        if (Result<void> r
            = m_rules.insert({m_ruleIds.constLast(),
                              p.unit == 0 ? QVariant() : QVariant(m_unitRows[size_t(p.unit)].id),
                              QString::fromUtf16(spec.name), QString::fromUtf16(spec.triggerEvent),
                              QString::fromUtf16(spec.conditions), QString::fromUtf16(spec.actions),
                              m_rng.chance(0.85) ? 1 : 0, created, created});
            !r) {
            return r;
        }
    }
    if (m_dealRefs.empty())
        return {};
    const int entries = std::max(10, m_options.deals / 200);
    for (int i = 0; i < entries; ++i) {
        const int rule = m_rng.below(int(m_ruleIds.size()));
        const DealRef &deal = m_dealRefs[size_t(m_rng.below(int(m_dealRefs.size())))];
        const qint64 at = m_rng.between(deal.createdAt, m_now);
        if (Result<void> r = m_ruleLog.insert(
                {newId(at), m_ruleIds.at(rule), u"deals"_s, deal.id,
                 QString::fromUtf16(ruleSpecs[ruleSpecOf[size_t(rule)]].logAction),
                 m_rng.chance(0.9) ? u"ok"_s : u"skipped: the deal changed meanwhile"_s, at, at,
                 at});
            !r) {
            return r;
        }
    }
    return {};
}

Result<void> Generation::run()
{
    if (Result<void> r = report(0); !r)
        return r;
    for (Result<void> (Generation::*step)() :
         {&Generation::writeOrganization, &Generation::writeStages, &Generation::writeCatalog,
          &Generation::writeCustomers, &Generation::writeDeals, &Generation::writeUnitWork,
          &Generation::writeAutomation}) {
        if (Result<void> r = (this->*step)(); !r)
            return r;
    }
    return report(97);
}

Result<void> Generation::finish()
{
    if (Result<void> r = report(99); !r)
        return r;
    OrganizationRepository organization(m_store);
    return organization.setCurrentUserId(m_demoUserId);
}

} // namespace

DemoGenerator::DemoGenerator(Options options)
    : m_options(options)
{ }

QString DemoGenerator::demoUserId() const
{
    return m_demoUserId;
}

Result<void> DemoGenerator::generate(LocalStore &store, const std::function<bool(int)> &progress)
{
    if (m_options.deals < minDeals || m_options.deals > maxDeals) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The demo needs between %L1 and %L2 deals; %L3 were asked for.")
                          .arg(minDeals)
                          .arg(maxDeals)
                          .arg(m_options.deals)};
    }
    if (m_options.nowMs != 0
        && (m_options.nowMs < earliestNowMs || m_options.nowMs > latestNowMs)) {
        return Error {ErrorCode::InvalidArgument,
                      tr("The demo's current time must lie between the years 2000 and 9999.")};
    }
    const qint64 now = m_options.nowMs != 0 ? m_options.nowMs : QDateTime::currentMSecsSinceEpoch();

    QElapsedTimer timer;
    timer.start();
    // A page cache that holds the indexes being filled saves re-reading spilled pages; the
    // connection's own size comes back afterwards.
    QSqlQuery pragma = store.query();
    const QString cacheSize = pragma.exec(u"PRAGMA cache_size"_s) && pragma.next()
        ? pragma.value(0).toString()
        : QString();
    pragma.finish();
    const qint64 bulkCacheKiB = std::clamp<qint64>(qint64(m_options.deals) * 2, 32'768, 262'144);
    pragma.exec(u"PRAGMA cache_size = -%1"_s.arg(bulkCacheKiB));

    Generation generation(m_options, now, store, progress);
    const Result<void> done = store.transaction([&]() -> Result<void> {
        QSqlQuery q = store.query();
        if (!q.exec(u"SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM customers) "
                    u"OR EXISTS (SELECT 1 FROM deals)"_s)
            || !q.next()) {
            return LocalStore::sqlError(q);
        }
        if (q.value(0).toBool()) {
            return Error {ErrorCode::InvalidArgument,
                          tr("Demo data can only be generated into an empty store; this one "
                             "already has data.")};
        }
        q.finish();

        // Secondary indexes are built after the rows are in: sorting each index's keys once
        // costs a fraction of inserting half a million keys one by one at random places. They
        // are dropped and re-created with their exact SQL inside this transaction, so no other
        // connection ever sees the store without them. Unique and primary keys stay (they are
        // the checks), and so do the triggers.
        QList<std::pair<QString, QString>> indexes; // name, CREATE INDEX statement
        if (!q.exec(u"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
                    u"AND sql IS NOT NULL ORDER BY name"_s))
            return LocalStore::sqlError(q);
        while (q.next()) {
            if (Schema::syncedTable(q.value(1).toString()))
                indexes.append({q.value(0).toString(), q.value(2).toString()});
        }
        q.finish();
        for (const auto &[name, createSql] : std::as_const(indexes)) {
            if (!q.exec(u"DROP INDEX "_s + name))
                return LocalStore::sqlError(q);
        }

        if (Result<void> generated = generation.run(); !generated)
            return generated;

        for (const auto &[name, createSql] : std::as_const(indexes)) {
            if (!q.exec(createSql))
                return LocalStore::sqlError(q);
        }
        // The full-text triggers only noted the new rows (see SearchIndex); indexing them here
        // is a few set-based statements, and the commit then has nothing left to index.
        if (Result<void> indexed = SearchIndex::catchUp(store); !indexed)
            return indexed;
        return generation.finish();
    });
    if (!cacheSize.isEmpty())
        pragma.exec(u"PRAGMA cache_size = %1"_s.arg(cacheSize));
    if (!done) {
        qCInfo(lcStore) << "demo generation stopped:" << done.error().message;
        return done;
    }
    m_demoUserId = generation.demoUserId();
    qCInfo(lcStore) << "generated" << m_options.deals << "demo deals in" << timer.elapsed() << "ms";
    if (progress)
        progress(100);
    return {};
}

} // namespace Outpost
