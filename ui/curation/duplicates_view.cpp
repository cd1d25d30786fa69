#include "ui/curation/duplicates_view.h"

#include "ui/common/background_task.h"
#include "ui/common/display_names.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <unordered_map>

namespace wb {

namespace {
constexpr int kRecordIdRole = Qt::UserRole + 1;
constexpr int kGroupIndexRole = Qt::UserRole + 2;
} // namespace

struct DuplicatesView::Found {
    std::vector<curation::DuplicateGroup> groups;
    std::unordered_map<int64_t, QString> previews;
};

DuplicatesView::DuplicatesView(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath)
{
    setObjectName(QStringLiteral("DuplicatesView"));
    if (projectPath_.isEmpty())
        projectPath_ = QString::fromStdString(store_.path());
    modeLabel_ = new QLabel;
    modeCombo_ = new QComboBox;
    modeCombo_->setObjectName(QStringLiteral("modeCombo"));
    modeCombo_->addItem(QString(), QStringLiteral("exact"));
    modeCombo_->addItem(QString(), QStringLiteral("near"));
    modeLabel_->setBuddy(modeCombo_);
    thresholdLabel_ = new QLabel;
    thresholdSlider_ = new QSlider(Qt::Horizontal);
    thresholdSlider_->setObjectName(QStringLiteral("thresholdSlider"));
    thresholdSlider_->setRange(50, 100);
    thresholdSlider_->setValue(80);
    thresholdValue_ = new QLabel;
    thresholdValue_->setMinimumWidth(40);
    findButton_ = new QPushButton;
    findButton_->setObjectName(QStringLiteral("findButton"));
    cancelButton_ = new QPushButton;
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("progressBar"));
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("summaryLabel"));
    tree_ = new QTreeWidget;
    tree_->setObjectName(QStringLiteral("groupTree"));
    tree_->setColumnCount(2);
    tree_->setUniformRowHeights(true);
    tree_->header()->setStretchLastSection(true);
    keepButton_ = new QPushButton;
    keepButton_->setObjectName(QStringLiteral("keepSelectedButton"));
    dropAllButton_ = new QPushButton;
    dropAllButton_->setObjectName(QStringLiteral("dropAllButton"));

    connect(modeCombo_, &QComboBox::currentIndexChanged, this, &DuplicatesView::updateWidgets);
    connect(thresholdSlider_, &QSlider::valueChanged, this, &DuplicatesView::updateThresholdLabel);
    connect(findButton_, &QPushButton::clicked, this, &DuplicatesView::find);
    connect(cancelButton_, &QPushButton::clicked, this, &DuplicatesView::cancel);
    connect(keepButton_, &QPushButton::clicked, this, &DuplicatesView::keepSelectedDropRest);
    connect(dropAllButton_, &QPushButton::clicked, this, &DuplicatesView::dropAllDuplicates);
    connect(tree_, &QTreeWidget::itemSelectionChanged, this, &DuplicatesView::updateWidgets);
    connect(tree_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const QVariant id = item->data(0, kRecordIdRole);
        if (id.isValid())
            Q_EMIT openRecord(id.toLongLong());
    });

    auto* controls = new QHBoxLayout;
    controls->addWidget(modeLabel_);
    controls->addWidget(modeCombo_);
    controls->addSpacing(12);
    controls->addWidget(thresholdLabel_);
    controls->addWidget(thresholdSlider_, 1);
    controls->addWidget(thresholdValue_);
    controls->addWidget(findButton_);
    controls->addWidget(cancelButton_);
    auto* actions = new QHBoxLayout;
    actions->addWidget(keepButton_);
    actions->addWidget(dropAllButton_);
    actions->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(progress_);
    layout->addWidget(summary_);
    layout->addWidget(tree_, 1);
    layout->addLayout(actions);

    retranslate();
}

DuplicatesView::~DuplicatesView() = default;

void DuplicatesView::retranslate()
{
    modeLabel_->setText(tr("&Mode:"));
    modeCombo_->setItemText(0, tr("Exact (same normalised text)"));
    modeCombo_->setItemText(1, tr("Near duplicates (MinHash)"));
    thresholdLabel_->setText(tr("Similarity threshold:"));
    findButton_->setText(tr("&Find Duplicates"));
    cancelButton_->setText(tr("Cancel"));
    tree_->setHeaderLabels({tr("Group / record"), tr("Text")});
    keepButton_->setText(tr("&Keep This One, Drop the Rest"));
    dropAllButton_->setText(tr("&Drop All Duplicates"));
    updateThresholdLabel();
    if (groups_.empty() && !isSearching())
        summary_->setText(tr("Press \"Find Duplicates\" to search the dataset."));
    updateWidgets();
}

void DuplicatesView::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(e);
}

void DuplicatesView::updateThresholdLabel()
{
    thresholdValue_->setText(QString::number(thresholdSlider_->value() / 100.0, 'f', 2));
}

void DuplicatesView::setDataset(qint64 datasetId)
{
    if (datasetId == datasetId_)
        return;
    BackgroundTask::retire(std::move(task_));
    datasetId_ = datasetId;
    groups_.clear();
    tree_->clear();
    progress_->setValue(0);
    summary_->setText(tr("Press \"Find Duplicates\" to search the dataset."));
    updateWidgets();
}

bool DuplicatesView::isSearching() const
{
    return task_ && task_->isRunning();
}

void DuplicatesView::updateWidgets()
{
    const bool busy = isSearching();
    const bool near = modeCombo_->currentData().toString() == QLatin1String("near");
    thresholdSlider_->setEnabled(near && !busy);
    thresholdLabel_->setEnabled(near);
    findButton_->setEnabled(!busy && datasetId_ != 0);
    cancelButton_->setEnabled(busy);
    modeCombo_->setEnabled(!busy);
    const QTreeWidgetItem* item = tree_->currentItem();
    keepButton_->setEnabled(!busy && item && item->data(0, kRecordIdRole).isValid());
    dropAllButton_->setEnabled(!busy && !groups_.empty());
}

void DuplicatesView::find()
{
    if (isSearching() || datasetId_ == 0)
        return;
    const bool near = modeCombo_->currentData().toString() == QLatin1String("near");
    curation::NearDupOptions opt;
    opt.threshold = thresholdSlider_->value() / 100.0;
    RecordQuery q;
    q.datasetId = datasetId_;
    auto found = std::make_shared<Found>();
    task_ = std::make_unique<BackgroundTask>(
        [near, opt, q, found](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            if (near) {
                found->groups = curation::nearDuplicates(*store, q, opt, ctx.coreProgress());
            } else {
                ctx.progress(0, 0);
                found->groups = curation::exactDuplicates(*store, q);
            }
            if (ctx.cancelled())
                return;
            // Previews are read here so the GUI thread only builds tree items.
            std::vector<int64_t> ids;
            for (const auto& g : found->groups)
                ids.insert(ids.end(), g.ids.begin(), g.ids.end());
            constexpr size_t kBatch = 500;
            for (size_t i = 0; i < ids.size() && !ctx.cancelled(); i += kBatch) {
                const std::vector<int64_t> batch(ids.begin() + i, ids.begin() + std::min(ids.size(), i + kBatch));
                for (const Record& r : store->records(batch))
                    found->previews[r.id] = recordPreview(r);
                ctx.progress(int64_t(i + batch.size()), int64_t(ids.size()));
            }
        },
        projectPath_);
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total) {
        if (total <= 0) {
            progress_->setRange(0, 0);   // busy indicator
        } else {
            progress_->setRange(0, 1000);
            progress_->setValue(int(done * 1000 / total));
        }
    });
    connect(task_.get(), &BackgroundTask::finished, this, [this, found](bool ok, const QString& error) {
        progress_->setRange(0, 1000);
        if (!ok) {
            progress_->setValue(0);
            summary_->setText(tr("Search failed: %1").arg(error));
            updateWidgets();
            return;
        }
        progress_->setValue(1000);
        showGroups(found);
    });
    groups_.clear();
    tree_->clear();
    summary_->setText(tr("Searching..."));
    task_->start();
    updateWidgets();
}

void DuplicatesView::cancel()
{
    if (isSearching())
        task_->cancel();
}

void DuplicatesView::showGroups(const std::shared_ptr<Found>& found)
{
    groups_ = found->groups;
    tree_->clear();
    int64_t extra = 0;
    QList<QTreeWidgetItem*> items;
    for (size_t g = 0; g < groups_.size(); ++g) {
        const auto& group = groups_[g];
        extra += int64_t(group.ids.size()) - 1;
        auto* top = new QTreeWidgetItem;
        top->setText(0, tr("Group %1: %n record(s)", nullptr, int(group.ids.size())).arg(g + 1));
        top->setText(1, group.exact ? tr("exact duplicates")
                                    : tr("similarity %1").arg(QString::number(group.similarity, 'f', 2)));
        top->setData(0, kGroupIndexRole, qulonglong(g));
        for (int64_t id : group.ids) {
            auto* child = new QTreeWidgetItem(top);
            child->setText(0, tr("Record %1").arg(id));
            auto it = found->previews.find(id);
            child->setText(1, it == found->previews.end() ? QString() : it->second);
            child->setData(0, kRecordIdRole, qint64(id));
            child->setData(0, kGroupIndexRole, qulonglong(g));
        }
        items << top;
    }
    tree_->addTopLevelItems(items);
    if (items.size() <= 50)
        tree_->expandAll();
    summary_->setText(groups_.empty() ? tr("No duplicates found.")
                                      : tr("%1 group(s); %2 record(s) would be dropped.")
                                            .arg(groups_.size())
                                            .arg(extra));
    updateWidgets();
}

void DuplicatesView::keepSelectedDropRest()
{
    const QTreeWidgetItem* item = tree_->currentItem();
    if (!item || !item->data(0, kRecordIdRole).isValid())
        return;
    const auto g = size_t(item->data(0, kGroupIndexRole).toULongLong());
    if (g >= groups_.size())
        return;
    const int64_t keep = item->data(0, kRecordIdRole).toLongLong();
    curation::DuplicateGroup group = groups_[g];
    std::erase(group.ids, keep);
    group.ids.insert(group.ids.begin(), keep);
    drop({group});
}

void DuplicatesView::dropAllDuplicates()
{
    drop(groups_);
}

void DuplicatesView::drop(const std::vector<curation::DuplicateGroup>& groups)
{
    if (groups.empty() || isSearching())
        return;
    auto dropped = std::make_shared<int64_t>(0);
    task_ = std::make_unique<BackgroundTask>(
        [groups, dropped](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            // dropDuplicates writes one edit group, so one Undo restores everything.
            *dropped = curation::dropDuplicates(*store, groups);
        },
        projectPath_);
    connect(task_.get(), &BackgroundTask::finished, this, [this, groups, dropped](bool ok, const QString& error) {
        if (!ok) {
            summary_->setText(tr("Dropping failed: %1").arg(error));
            updateWidgets();
            return;
        }
        // Remove the handled groups from the view, keeping the previews already read.
        auto found = std::make_shared<Found>();
        for (const auto& g : groups_) {
            const bool handled = std::any_of(groups.begin(), groups.end(), [&](const auto& d) {
                return std::is_permutation(d.ids.begin(), d.ids.end(), g.ids.begin(), g.ids.end());
            });
            if (!handled)
                found->groups.push_back(g);
        }
        for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
            const QTreeWidgetItem* top = tree_->topLevelItem(i);
            for (int c = 0; c < top->childCount(); ++c)
                found->previews[top->child(c)->data(0, kRecordIdRole).toLongLong()] = top->child(c)->text(1);
        }
        showGroups(found);
        summary_->setText(tr("Dropped %n record(s). Use Undo to restore them.", nullptr, int(*dropped))
                          + QLatin1Char(' ') + summary_->text());
        Q_EMIT datasetChanged();
    });
    summary_->setText(tr("Dropping duplicates..."));
    task_->start();
    updateWidgets();
}

} // namespace wb
