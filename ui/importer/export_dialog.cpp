#include "ui/importer/export_dialog.h"

#include "core/formats/import_service.h"
#include "ui/common/background_task.h"
#include "ui/common/display_names.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace wb {

using formats::Format;

namespace {
const std::vector<Format> kFormats = {Format::Auto, Format::Alpaca, Format::ShareGpt, Format::OpenAiMessages,
                                      Format::Preference, Format::Text, Format::Csv};

void setLabel(QFormLayout* form, QWidget* field, const QString& text)
{
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(field)))
        label->setText(text);
}
} // namespace

ExportDialog::ExportDialog(ProjectStore& store, const QString& projectPath, const RecordQuery& currentFilter,
                           QWidget* parent)
    : QDialog(parent), store_(store), projectPath_(projectPath), initial_(currentFilter)
{
    setObjectName(QStringLiteral("ExportDialog"));
    if (projectPath_.isEmpty())
        projectPath_ = QString::fromStdString(store_.path());

    datasetCombo_ = new QComboBox;
    datasetCombo_->setObjectName(QStringLiteral("datasetCombo"));
    for (const DatasetInfo& d : store_.datasets())
        datasetCombo_->addItem(QString::fromStdString(d.name), qint64(d.id));
    datasetCombo_->setCurrentIndex(std::max(0, datasetCombo_->findData(qint64(currentFilter.datasetId))));

    formatCombo_ = new QComboBox;
    formatCombo_->setObjectName(QStringLiteral("formatCombo"));
    for (Format f : kFormats)
        formatCombo_->addItem(QString(), static_cast<int>(f));
    containerCombo_ = new QComboBox;
    containerCombo_->setObjectName(QStringLiteral("containerCombo"));
    containerCombo_->addItem(QString(), true);
    containerCombo_->addItem(QString(), false);
    metadataCheck_ = new QCheckBox;
    metadataCheck_->setObjectName(QStringLiteral("metadataCheck"));

    statusCombo_ = new QComboBox;
    statusCombo_->setObjectName(QStringLiteral("statusCombo"));
    splitCombo_ = new QComboBox;
    splitCombo_->setObjectName(QStringLiteral("splitCombo"));
    tagCombo_ = new QComboBox;
    tagCombo_->setObjectName(QStringLiteral("tagCombo"));
    tagCombo_->setEditable(true);
    categoryCombo_ = new QComboBox;
    categoryCombo_->setObjectName(QStringLiteral("categoryCombo"));
    categoryCombo_->setEditable(true);
    searchEdit_ = new QLineEdit(QString::fromStdString(currentFilter.text));
    searchEdit_->setObjectName(QStringLiteral("searchEdit"));
    selectionCheck_ = new QCheckBox;
    selectionCheck_->setObjectName(QStringLiteral("selectionCheck"));
    selectionCheck_->setChecked(!currentFilter.ids.empty());
    selectionCheck_->setVisible(!currentFilter.ids.empty());

    pathEdit_ = new QLineEdit;
    pathEdit_->setObjectName(QStringLiteral("pathEdit"));
    browseButton_ = new QPushButton;
    browseButton_->setObjectName(QStringLiteral("browseButton"));
    connect(browseButton_, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(pathEdit_, 1);
    pathRow->addWidget(browseButton_);

    countLabel_ = new QLabel;
    countLabel_->setObjectName(QStringLiteral("countLabel"));
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("progressBar"));
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    resultLabel_ = new QLabel;
    resultLabel_->setObjectName(QStringLiteral("resultLabel"));
    resultLabel_->setWordWrap(true);

    auto* buttons = new QDialogButtonBox;
    exportButton_ = buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    exportButton_->setObjectName(QStringLiteral("exportButton"));
    cancelButton_ = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    closeButton_ = buttons->addButton(QString(), QDialogButtonBox::RejectRole);
    closeButton_->setObjectName(QStringLiteral("closeButton"));
    connect(exportButton_, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(cancelButton_, &QPushButton::clicked, this, &ExportDialog::cancelExport);
    connect(closeButton_, &QPushButton::clicked, this, &ExportDialog::reject);

    form_ = new QFormLayout;
    form_->addRow(QStringLiteral("-"), datasetCombo_);
    form_->addRow(QStringLiteral("-"), formatCombo_);
    form_->addRow(QStringLiteral("-"), containerCombo_);
    form_->addRow(QString(), metadataCheck_);
    form_->addRow(QStringLiteral("-"), statusCombo_);
    form_->addRow(QStringLiteral("-"), splitCombo_);
    form_->addRow(QStringLiteral("-"), tagCombo_);
    form_->addRow(QStringLiteral("-"), categoryCombo_);
    form_->addRow(QStringLiteral("-"), searchEdit_);
    form_->addRow(QString(), selectionCheck_);
    form_->addRow(QStringLiteral("-"), pathRow);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addWidget(countLabel_);
    layout->addWidget(progress_);
    layout->addWidget(resultLabel_);
    layout->addStretch(1);
    layout->addWidget(buttons);

    retranslate();
    fillFilters();
    connect(datasetCombo_, &QComboBox::currentIndexChanged, this, [this] {
        initial_.tag.clear();
        initial_.category.clear();
        fillFilters();
        updateWidgets();
    });
    connect(formatCombo_, &QComboBox::currentIndexChanged, this, [this] {
        suggestExtension();
        updateWidgets();
    });
    connect(containerCombo_, &QComboBox::currentIndexChanged, this, &ExportDialog::suggestExtension);
    for (QComboBox* c : {statusCombo_, splitCombo_})
        connect(c, &QComboBox::currentIndexChanged, this, &ExportDialog::updateWidgets);
    for (QComboBox* c : {tagCombo_, categoryCombo_})
        connect(c, &QComboBox::currentTextChanged, this, &ExportDialog::updateWidgets);
    connect(searchEdit_, &QLineEdit::textChanged, this, &ExportDialog::updateWidgets);
    connect(selectionCheck_, &QCheckBox::toggled, this, &ExportDialog::updateWidgets);
    connect(pathEdit_, &QLineEdit::textChanged, this, &ExportDialog::updateWidgets);
    updateWidgets();
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::fillFilters()
{
    const qint64 datasetId = datasetCombo_->currentData().toLongLong();
    tagCombo_->clear();
    categoryCombo_->clear();
    tagCombo_->addItem(QString());
    categoryCombo_->addItem(QString());
    try {
        for (const std::string& t : store_.tags(datasetId))
            tagCombo_->addItem(QString::fromStdString(t));
        for (const std::string& c : store_.categories(datasetId))
            categoryCombo_->addItem(QString::fromStdString(c));
    } catch (const std::exception& e) {
        resultLabel_->setText(QString::fromStdString(e.what()));
    }
    tagCombo_->setEditText(QString::fromStdString(initial_.tag));
    categoryCombo_->setEditText(QString::fromStdString(initial_.category));
}

void ExportDialog::retranslate()
{
    setWindowTitle(tr("Export Records"));
    setLabel(form_, datasetCombo_, tr("&Dataset:"));
    setLabel(form_, formatCombo_, tr("&Format:"));
    setLabel(form_, containerCombo_, tr("&Layout:"));
    setLabel(form_, statusCombo_, tr("&Status:"));
    setLabel(form_, splitCombo_, tr("S&plit:"));
    setLabel(form_, tagCombo_, tr("&Tag:"));
    setLabel(form_, categoryCombo_, tr("&Category:"));
    setLabel(form_, searchEdit_, tr("Search te&xt:"));
    if (auto* label = qobject_cast<QLabel*>(form_->itemAt(form_->rowCount() - 1, QFormLayout::LabelRole)
                                                ? form_->itemAt(form_->rowCount() - 1, QFormLayout::LabelRole)->widget()
                                                : nullptr))
        label->setText(tr("&Output file:"));
    for (int i = 0; i < formatCombo_->count(); ++i) {
        const auto f = static_cast<Format>(formatCombo_->itemData(i).toInt());
        formatCombo_->setItemText(i, f == Format::Auto ? tr("Natural format of the dataset kind") : displayName(f));
    }
    containerCombo_->setItemText(0, tr("JSON Lines (one record per line)"));
    containerCombo_->setItemText(1, tr("JSON array"));
    metadataCheck_->setText(tr("Include review metadata (status, rating, split, tags, source)"));

    const int status = std::max(0, statusCombo_->currentIndex());
    statusCombo_->clear();
    statusCombo_->addItem(tr("Any status"));
    for (ReviewStatus s : {ReviewStatus::Unreviewed, ReviewStatus::Accepted, ReviewStatus::Rejected, ReviewStatus::NeedsFix})
        statusCombo_->addItem(displayName(s), static_cast<int>(s));
    const int split = std::max(0, splitCombo_->currentIndex());
    splitCombo_->clear();
    splitCombo_->addItem(tr("Any split"));
    for (Split s : {Split::Train, Split::Validation, Split::Test})
        splitCombo_->addItem(displayName(s), static_cast<int>(s));
    if (statusCombo_->property("initialised").toBool()) {
        statusCombo_->setCurrentIndex(status);
        splitCombo_->setCurrentIndex(split);
    } else {
        statusCombo_->setProperty("initialised", true);
        if (initial_.status)
            statusCombo_->setCurrentIndex(statusCombo_->findData(static_cast<int>(*initial_.status)));
        if (initial_.split)
            splitCombo_->setCurrentIndex(splitCombo_->findData(static_cast<int>(*initial_.split)));
    }
    selectionCheck_->setText(tr("Only the %n selected record(s)", nullptr, int(initial_.ids.size())));
    pathEdit_->setPlaceholderText(tr("Choose where to write the file"));
    browseButton_->setText(tr("&Browse..."));
    exportButton_->setText(tr("&Export"));
    cancelButton_->setText(tr("Cancel"));
    closeButton_->setText(tr("Close"));
    updateWidgets();
}

void ExportDialog::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange && form_)
        retranslate();
    QDialog::changeEvent(e);
}

RecordQuery ExportDialog::query() const
{
    RecordQuery q;
    q.datasetId = datasetCombo_->currentData().toLongLong();
    q.text = searchEdit_->text().trimmed().toStdString();
    if (statusCombo_->currentIndex() > 0)
        q.status = static_cast<ReviewStatus>(statusCombo_->currentData().toInt());
    if (splitCombo_->currentIndex() > 0)
        q.split = static_cast<Split>(splitCombo_->currentData().toInt());
    q.tag = tagCombo_->currentText().trimmed().toStdString();
    q.category = categoryCombo_->currentText().trimmed().toStdString();
    if (selectionCheck_->isChecked())
        q.ids = initial_.ids;
    return q;
}

formats::ExportOptions ExportDialog::options() const
{
    formats::ExportOptions o;
    o.format = static_cast<Format>(formatCombo_->currentData().toInt());
    o.jsonLines = containerCombo_->currentData().toBool();
    o.includeMetadata = metadataCheck_->isChecked();
    return o;
}

void ExportDialog::setPath(const QString& path)
{
    pathEdit_->setText(path);
}

bool ExportDialog::isExporting() const
{
    return task_ && task_->isRunning();
}

void ExportDialog::suggestExtension()
{
    const QString path = pathEdit_->text();
    if (path.isEmpty())
        return;
    const Format f = static_cast<Format>(formatCombo_->currentData().toInt());
    QString ext = QStringLiteral("jsonl");
    if (f == Format::Csv)
        ext = QStringLiteral("csv");
    else if (f == Format::Text)
        ext = QStringLiteral("txt");
    else if (!containerCombo_->currentData().toBool())
        ext = QStringLiteral("json");
    const QFileInfo fi(path);
    pathEdit_->setText(fi.dir().filePath(fi.completeBaseName() + QLatin1Char('.') + ext));
}

void ExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export To"), pathEdit_->text(),
                                                      tr("Dataset files (*.jsonl *.json *.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        pathEdit_->setText(path);
}

void ExportDialog::updateWidgets()
{
    if (!exportButton_)
        return;
    const bool busy = isExporting();
    const Format f = static_cast<Format>(formatCombo_->currentData().toInt());
    containerCombo_->setEnabled(!busy && f != Format::Csv && f != Format::Text);
    exportButton_->setEnabled(!busy && !pathEdit_->text().trimmed().isEmpty() && datasetCombo_->count() > 0);
    cancelButton_->setEnabled(busy);
    closeButton_->setEnabled(!busy);
    if (!busy && datasetCombo_->count() > 0) {
        try {
            countLabel_->setText(tr("%n record(s) match the filter.", nullptr, int(store_.count(query()))));
        } catch (const std::exception& e) {
            countLabel_->setText(QString::fromStdString(e.what()));
        }
    }
}

void ExportDialog::startExport()
{
    if (isExporting())
        return;
    const QString path = pathEdit_->text().trimmed();
    if (path.isEmpty())
        return;
    const RecordQuery q = query();
    const formats::ExportOptions opt = options();
    const std::string target = path.toStdString();
    auto written = std::make_shared<int64_t>(0);
    task_ = std::make_unique<BackgroundTask>(
        [q, opt, target, written](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            *written = formats::exportQuery(*store, q, target, opt, ctx.coreProgress());
        },
        projectPath_);
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total) {
        progress_->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(task_.get(), &BackgroundTask::finished, this, [this, written, path](bool ok, const QString& error) {
        updateWidgets();
        if (!ok) {
            progress_->setValue(0);
            resultLabel_->setText(tr("Export failed: %1").arg(error));
            return;
        }
        progress_->setValue(progress_->maximum());
        resultLabel_->setText(tr("Wrote %1 record(s) to %2.").arg(*written).arg(QDir::toNativeSeparators(path)));
        Q_EMIT exported(*written, path);
    });
    resultLabel_->setText(tr("Exporting..."));
    task_->start();
    updateWidgets();
}

void ExportDialog::cancelExport()
{
    if (isExporting())
        task_->cancel();
}

} // namespace wb
