#include "ui/embeddings/map_fields.h"

#include "ui/common/display_names.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

namespace wb {

namespace {

// Categorical channel built from string values: labels sorted, "" = no value.
struct LabelCollector {
    std::map<std::string, int32_t> codeOf;
    std::vector<std::string> valueOf;   // per point, temporary

    MapChannel finish(const QString& key, const QString& name)
    {
        MapChannel ch;
        ch.key = key;
        ch.name = name;
        int32_t next = 0;
        for (auto& [label, code] : codeOf) {
            code = next++;
            ch.labels << QString::fromStdString(label);
        }
        ch.codes.reserve(valueOf.size());
        for (const auto& v : valueOf)
            ch.codes.push_back(v.empty() ? -1 : codeOf.at(v));
        return ch;
    }
    void add(size_t i, std::string v)
    {
        if (!v.empty())
            codeOf.emplace(v, 0);
        valueOf[i] = std::move(v);
    }
};

} // namespace

std::unordered_map<int64_t, int64_t> pointsByItem(const MapData& data)
{
    std::unordered_map<int64_t, int64_t> at;
    at.reserve(size_t(data.size()));
    for (int64_t i = 0; i < data.size(); ++i)
        at.emplace(data.itemIds[size_t(i)], i);
    return at;
}

void addRecordChannels(ProjectStore& store, MapData& data)
{
    const int64_t n = data.size();
    const auto at = pointsByItem(data);
    data.datasetIds.assign(size_t(n), 0);

    MapChannel status{QStringLiteral("status"), QCoreApplication::translate("wb::MapFields", "Status"), false, {}, std::vector<int32_t>(size_t(n), -1), {}};
    for (auto s : {ReviewStatus::Unreviewed, ReviewStatus::Accepted, ReviewStatus::Rejected, ReviewStatus::NeedsFix})
        status.labels << displayName(s);
    MapChannel split{QStringLiteral("split"), QCoreApplication::translate("wb::MapFields", "Split"), false, {}, std::vector<int32_t>(size_t(n), -1), {}};
    for (auto s : {Split::Train, Split::Validation, Split::Test})
        split.labels << displayName(s);
    MapChannel rating{QStringLiteral("rating"), QCoreApplication::translate("wb::MapFields", "Rating"), false, {}, std::vector<int32_t>(size_t(n), -1), {}};
    rating.labels << QCoreApplication::translate("wb::MapFields", "Unrated");
    for (int r = 1; r <= 5; ++r)
        rating.labels << QString(r, QChar(u'★'));
    LabelCollector category, source, dataset;
    category.valueOf.resize(size_t(n));
    source.valueOf.resize(size_t(n));
    dataset.valueOf.resize(size_t(n));

    std::unordered_map<int64_t, std::string> datasetName;
    for (const DatasetInfo& info : store.datasets())
        datasetName[info.id] = info.name;
    // In batches of ids (records() keeps their order; a missing id is left out).
    constexpr int64_t kBatch = 4096;
    std::vector<int64_t> batch;
    for (int64_t first = 0; first < n; first += kBatch) {
        const int64_t last = std::min(n, first + kBatch);
        batch.assign(data.itemIds.begin() + first, data.itemIds.begin() + last);
        const std::vector<Record> records = store.records(batch);
        for (const Record& r : records) {
            const size_t i = size_t(at.at(r.id));
            data.datasetIds[i] = r.datasetId;
            status.codes[i] = int32_t(r.status);
            split.codes[i] = int32_t(r.split);
            rating.codes[i] = std::clamp(r.rating, 0, 5);
            category.add(i, r.category);
            source.add(i, r.sourceFile.empty()
                              ? std::string()
                              : QFileInfo(QString::fromStdString(r.sourceFile)).fileName().toStdString());
            dataset.add(i, datasetName[r.datasetId]);
        }
        if (int64_t(records.size()) != last - first)
            for (int64_t i = first; i < last; ++i)
                if (data.datasetIds[size_t(i)] == 0)
                    throw Error("map: record " + std::to_string(data.itemIds[size_t(i)]) +
                                " is not in the project (point " + std::to_string(i) + ")");
    }

    std::erase_if(data.channels, [](const MapChannel& c) {
        return c.key == QLatin1String("category") || c.key == QLatin1String("status") ||
               c.key == QLatin1String("split") || c.key == QLatin1String("dataset") ||
               c.key == QLatin1String("source") || c.key == QLatin1String("rating");
    });
    data.channels.push_back(category.finish(QStringLiteral("category"), QCoreApplication::translate("wb::MapFields", "Category")));
    data.channels.push_back(std::move(status));
    data.channels.push_back(std::move(split));
    data.channels.push_back(dataset.finish(QStringLiteral("dataset"), QCoreApplication::translate("wb::MapFields", "Dataset")));
    data.channels.push_back(source.finish(QStringLiteral("source"), QCoreApplication::translate("wb::MapFields", "Source file")));
    data.channels.push_back(std::move(rating));
}

void addClusterChannel(MapData& data, int k, uint64_t seed, int iterations)
{
    const int64_t n = data.size();
    std::erase_if(data.channels, [](const MapChannel& c) { return c.key == QLatin1String("cluster"); });
    MapChannel ch{QStringLiteral("cluster"), QCoreApplication::translate("wb::MapFields", "Cluster"), false, {}, std::vector<int32_t>(size_t(n), 0), {}};
    if (n == 0) {
        data.channels.push_back(std::move(ch));
        return;
    }
    k = int(std::clamp<int64_t>(k, 1, n));
    const float* xy = data.xy.data();
    std::mt19937_64 rng(seed);
    // k-means++ start.
    std::vector<double> cx, cy;
    const int64_t first = int64_t(rng() % uint64_t(n));
    cx.push_back(xy[2 * first]);
    cy.push_back(xy[2 * first + 1]);
    std::vector<double> d2(size_t(n), std::numeric_limits<double>::max());
    while (int(cx.size()) < k) {
        double total = 0;
        for (int64_t i = 0; i < n; ++i) {
            const double dx = xy[2 * i] - cx.back(), dy = xy[2 * i + 1] - cy.back();
            d2[size_t(i)] = std::min(d2[size_t(i)], dx * dx + dy * dy);
            total += d2[size_t(i)];
        }
        if (!(total > 0))
            break;   // fewer distinct points than k
        double pick = std::uniform_real_distribution<double>(0, total)(rng);
        int64_t chosen = n - 1;
        for (int64_t i = 0; i < n; ++i) {
            pick -= d2[size_t(i)];
            if (pick <= 0) {
                chosen = i;
                break;
            }
        }
        cx.push_back(xy[2 * chosen]);
        cy.push_back(xy[2 * chosen + 1]);
    }
    k = int(cx.size());
    std::vector<int32_t>& label = ch.codes;
    for (int it = 0; it < iterations; ++it) {
        bool moved = false;
        std::vector<double> sx(size_t(k), 0), sy(size_t(k), 0);
        std::vector<int64_t> cnt(size_t(k), 0);
        for (int64_t i = 0; i < n; ++i) {
            int best = 0;
            double bestD = std::numeric_limits<double>::max();
            for (int c = 0; c < k; ++c) {
                const double dx = xy[2 * i] - cx[size_t(c)], dy = xy[2 * i + 1] - cy[size_t(c)];
                const double d = dx * dx + dy * dy;
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            moved |= label[size_t(i)] != best;
            label[size_t(i)] = best;
            sx[size_t(best)] += xy[2 * i];
            sy[size_t(best)] += xy[2 * i + 1];
            ++cnt[size_t(best)];
        }
        for (int c = 0; c < k; ++c)
            if (cnt[size_t(c)] > 0) {
                cx[size_t(c)] = sx[size_t(c)] / double(cnt[size_t(c)]);
                cy[size_t(c)] = sy[size_t(c)] / double(cnt[size_t(c)]);
            }
        if (!moved && it > 0)
            break;
    }
    for (int c = 0; c < k; ++c)
        ch.labels << QCoreApplication::translate("wb::MapFields", "Cluster %1").arg(c + 1);
    data.channels.push_back(std::move(ch));
}

void setNumericChannel(MapData& data, const QString& key, const QString& name,
                       const std::unordered_map<int64_t, float>& valueByItem)
{
    MapChannel ch{key, name, true, {}, {}, std::vector<float>(size_t(data.size()), NAN)};
    for (int64_t i = 0; i < data.size(); ++i) {
        auto it = valueByItem.find(data.itemIds[size_t(i)]);
        if (it != valueByItem.end())
            ch.values[size_t(i)] = it->second;
    }
    const int at = data.channelIndex(key);
    if (at >= 0)
        data.channels[size_t(at)] = std::move(ch);
    else
        data.channels.push_back(std::move(ch));
}

} // namespace wb
