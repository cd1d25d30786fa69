#include "ui/curation/quality_view.h"

#include "core/text/token_counter.h"
#include "ui/common/background_task.h"
#include "ui/common/display_names.h"
#include "ui/curation/quality_issue_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace wb {

using curation::IssueKind;

namespace {
const std::vector<IssueKind> kKinds = {IssueKind::EmptyOutput,      IssueKind::OutputRepeatsInstruction,
                                       IssueKind::TooLongChars,     IssueKind::TooLongTokens,
                                       IssueKind::RepeatedNgrams,   IssueKind::LanguageMismatch,
                                       IssueKind::PersonalData};
}

QualityView::QualityView(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath)
{
    setObjectName(QStringLiteral("QualityView"));
    if (projectPath_.isEmpty())
        projectPath_ = QString::fromStdString(store_.path());
    const curation::QualityOptions defaults;
    maxChars_ = new QSpinBox;
    maxChars_->setObjectName(QStringLiteral("maxCharsSpin"));
    maxChars_->setRange(1, 100'000'000);
    maxChars_->setValue(int(defaults.maxChars));
    tokensCheck_ = new QCheckBox;
    tokensCheck_->setObjectName(QStringLiteral("tokensCheck"));
    maxTokens_ = new QSpinBox;
    maxTokens_->setObjectName(QStringLiteral("maxTokensSpin"));
    maxTokens_->setRange(1, 10'000'000);
    maxTokens_->setValue(int(defaults.maxTokens));
    maxTokens_->setEnabled(false);
    connect(tokensCheck_, &QCheckBox::toggled, maxTokens_, &QSpinBox::setEnabled);
    auto* tokensRow = new QHBoxLayout;
    tokensRow->addWidget(tokensCheck_);
    tokensRow->addWidget(maxTokens_, 1);
    ngramRatio_ = new QDoubleSpinBox;
    ngramRatio_->setObjectName(QStringLiteral("ngramRatioSpin"));
    ngramRatio_->setRange(0.01, 1.0);
    ngramRatio_->setSingleStep(0.05);
    ngramRatio_->setValue(defaults.maxRepeatedNgramRatio);

    form_ = new QFormLayout;
    form_->addRow(QStringLiteral("-"), maxChars_);
    form_->addRow(QStringLiteral("-"), tokensRow);
    form_->addRow(QStringLiteral("-"), ngramRatio_);

    checkButton_ = new QPushButton;
    checkButton_->setObjectName(QStringLiteral("checkButton"));
    cancelButton_ = new QPushButton;
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("progressBar"));
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("summaryLabel"));
    summary_->setWordWrap(true);
    kindLabel_ = new QLabel;
    kindFilter_ = new QComboBox;
    kindFilter_->setObjectName(QStringLiteral("kindFilter"));
    kindFilter_->addItem(QString(), -1);
    for (IssueKind k : kKinds)
        kindFilter_->addItem(QString(), static_cast<int>(k));
    kindLabel_->setBuddy(kindFilter_);

    model_ = new QualityIssueModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterRole(QualityIssueModel::KindRole);
    proxy_->setFilterKeyColumn(QualityIssueModel::KindColumn);
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("issueTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    markButton_ = new QPushButton;
    markButton_->setObjectName(QStringLiteral("markNeedsFixButton"));

    connect(checkButton_, &QPushButton::clicked, this, &QualityView::check);
    connect(cancelButton_, &QPushButton::clicked, this, &QualityView::cancel);
    connect(markButton_, &QPushButton::clicked, this, &QualityView::markListedNeedsFix);
    connect(kindFilter_, &QComboBox::currentIndexChanged, this, &QualityView::applyKindFilter);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        Q_EMIT openRecord(index.data(QualityIssueModel::RecordIdRole).toLongLong());
    });

    auto* run = new QHBoxLayout;
    run->addWidget(checkButton_);
    run->addWidget(cancelButton_);
    run->addWidget(progress_, 1);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(kindLabel_);
    filterRow->addWidget(kindFilter_, 1);
    filterRow->addStretch(1);
    filterRow->addWidget(markButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addLayout(run);
    layout->addWidget(summary_);
    layout->addLayout(filterRow);
    layout->addWidget(table_, 1);

    retranslate();
}

QualityView::~QualityView() = default;

void QualityView::retranslate()
{
    auto setLabel = [this](QWidget* field, const QString& text) {
        if (auto* label = qobject_cast<QLabel*>(form_->labelForField(field)))
            label->setText(text);
    };
    setLabel(maxChars_, tr("Maximum &characters per field:"));
    if (auto* item = form_->itemAt(1, QFormLayout::LabelRole))
        if (auto* label = qobject_cast<QLabel*>(item->widget()))
            label->setText(tr("Maximum tokens:"));
    setLabel(ngramRatio_, tr("Maximum &repeated n-gram ratio:"));
    tokensCheck_->setText(tr("Check (GPT-2 tokenizer)"));
    checkButton_->setText(tr("&Run Checks"));
    cancelButton_->setText(tr("Cancel"));
    kindLabel_->setText(tr("Show &issues:"));
    kindFilter_->setItemText(0, tr("All kinds"));
    for (int i = 1; i < kindFilter_->count(); ++i)
        kindFilter_->setItemText(i, displayName(static_cast<IssueKind>(kindFilter_->itemData(i).toInt())));
    markButton_->setText(tr("Mark All Listed as &Needs Fix"));
    model_->retranslate();
    if (model_->issues().empty() && !isBusy())
        summary_->setText(tr("Press \"Run Checks\" to check the dataset."));
    updateWidgets();
}

void QualityView::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(e);
}

void QualityView::setDataset(qint64 datasetId)
{
    if (datasetId == datasetId_)
        return;
    BackgroundTask::retire(std::move(task_));
    datasetId_ = datasetId;
    model_->setIssues({});
    progress_->setValue(0);
    summary_->setText(tr("Press \"Run Checks\" to check the dataset."));
    updateWidgets();
}

const std::vector<curation::QualityIssue>& QualityView::issues() const
{
    return model_->issues();
}

bool QualityView::isBusy() const
{
    return task_ && task_->isRunning();
}

void QualityView::updateWidgets()
{
    const bool busy = isBusy();
    checkButton_->setEnabled(!busy && datasetId_ != 0);
    cancelButton_->setEnabled(busy);
    markButton_->setEnabled(!busy && proxy_->rowCount() > 0);
}

void QualityView::applyKindFilter()
{
    const int kind = kindFilter_->currentData().toInt();
    proxy_->setFilterRegularExpression(kind < 0 ? QRegularExpression()
                                                : QRegularExpression(QStringLiteral("^%1$").arg(kind)));
    updateWidgets();
}

std::vector<qint64> QualityView::listedRecordIds() const
{
    std::set<qint64> ids;
    for (int row = 0; row < proxy_->rowCount(); ++row)
        ids.insert(proxy_->index(row, 0).data(QualityIssueModel::RecordIdRole).toLongLong());
    return {ids.begin(), ids.end()};
}

void QualityView::check()
{
    if (isBusy() || datasetId_ == 0)
        return;
    curation::QualityOptions opt;
    opt.maxChars = maxChars_->value();
    opt.maxTokens = maxTokens_->value();
    opt.maxRepeatedNgramRatio = ngramRatio_->value();
    const bool countTokens = tokensCheck_->isChecked();
    RecordQuery q;
    q.datasetId = datasetId_;
    auto result = std::make_shared<std::vector<curation::QualityIssue>>();
    task_ = std::make_unique<BackgroundTask>(
        [opt, countTokens, q, result](BackgroundTask::Context& ctx) mutable {
            std::shared_ptr<const TokenCounter> tokens;
            if (countTokens) {
                tokens = defaultTokenCounter();
                opt.tokens = tokens.get();
            }
            auto store = ProjectStore::open(ctx.projectPath);
            *result = curation::checkQuality(*store, q, opt, ctx.coreProgress());
        },
        projectPath_);
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total) {
        progress_->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(task_.get(), &BackgroundTask::finished, this, [this, result](bool ok, const QString& error) {
        if (!ok) {
            progress_->setValue(0);
            summary_->setText(tr("Checks failed: %1").arg(error));
        } else {
            progress_->setValue(1000);
            std::set<int64_t> records;
            for (const auto& i : *result)
                records.insert(i.recordId);
            model_->setIssues(std::move(*result));
            summary_->setText(tr("%1 issue(s) in %2 record(s).").arg(model_->issues().size()).arg(records.size()));
        }
        updateWidgets();
    });
    model_->setIssues({});
    summary_->setText(tr("Checking..."));
    task_->start();
    updateWidgets();
}

void QualityView::cancel()
{
    if (isBusy())
        task_->cancel();
}

void QualityView::markListedNeedsFix()
{
    const std::vector<qint64> listed = listedRecordIds();
    if (listed.empty() || isBusy())
        return;
    RecordQuery q;
    q.datasetId = datasetId_;
    q.ids.assign(listed.begin(), listed.end());
    BulkChange change;
    change.status = ReviewStatus::NeedsFix;
    const std::string label = tr("Mark %n record(s) as needs fix", nullptr, int(listed.size())).toStdString();
    auto changed = std::make_shared<int64_t>(0);
    task_ = std::make_unique<BackgroundTask>(
        [q, change, label, changed](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            *changed = store->applyBulk(q, change, label);
        },
        projectPath_);
    connect(task_.get(), &BackgroundTask::finished, this, [this, changed](bool ok, const QString& error) {
        if (!ok)
            summary_->setText(tr("Marking failed: %1").arg(error));
        else
            summary_->setText(tr("Marked %n record(s) as needs fix.", nullptr, int(*changed)));
        updateWidgets();
        if (ok)
            Q_EMIT datasetChanged();
    });
    task_->start();
    updateWidgets();
}

} // namespace wb
