#include "ui/importer/import_dialog.h"

#include "core/formats/import_service.h"
#include "ui/common/background_task.h"
#include "ui/common/display_names.h"
#include "ui/importer/quarantine_dialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace wb {

using formats::Format;

namespace {

const std::vector<std::string> kMappableFields = {"instruction", "input", "output", "system", "category",
                                                  "prompt", "chosen", "rejected", "text"};
const std::vector<Format> kFormats = {Format::Auto, Format::Alpaca, Format::Dolly, Format::ShareGpt,
                                      Format::OpenAiMessages, Format::Preference, Format::Text, Format::Csv};
constexpr int kMaxErrorRows = 10000;
constexpr int kPreviewCellChars = 200;

QString cell(const std::string& s)
{
    QString t = QString::fromStdString(s).simplified();
    if (t.size() > kPreviewCellChars)
        t = t.left(kPreviewCellChars - 1) + QChar(0x2026);
    return t;
}

QString messagesText(const Record& r)
{
    std::string out;
    for (const Message& m : r.messages) {
        if (!out.empty())
            out += " | ";
        out += m.role + ": " + m.content;
    }
    return cell(out);
}

// Column headers (untranslated field names, as in the files) and cell text per record kind.
QStringList previewHeaders(DatasetKind k)
{
    switch (k) {
    case DatasetKind::Sft: return {"instruction", "input", "output", "category"};
    case DatasetKind::Chat: return {"system", "messages"};
    case DatasetKind::Preference: return {"prompt", "chosen", "rejected"};
    case DatasetKind::Text: return {"text"};
    }
    return {};
}

QStringList previewCells(const Record& r)
{
    switch (r.kind) {
    case DatasetKind::Sft: return {cell(r.instruction), cell(r.input), cell(r.output), cell(r.category)};
    case DatasetKind::Chat: return {cell(r.system), messagesText(r)};
    case DatasetKind::Preference: return {cell(r.prompt), cell(r.chosen), cell(r.rejected)};
    case DatasetKind::Text: return {cell(r.text)};
    }
    return {};
}

// Prefill a CSV mapping with columns named like the record fields (or common aliases).
void prefillMapping(std::map<std::string, std::string>& mapping, const std::vector<std::string>& columns)
{
    static const std::map<std::string, std::vector<std::string>> aliases = {
        {"instruction", {"instruction", "question", "query"}},
        {"input", {"input", "context"}},
        {"output", {"output", "response", "answer"}},
        {"system", {"system", "system_prompt"}},
        {"category", {"category", "type"}},
        {"prompt", {"prompt"}},
        {"chosen", {"chosen", "response_chosen"}},
        {"rejected", {"rejected", "response_rejected"}},
        {"text", {"text", "content"}},
    };
    for (const auto& [field, names] : aliases) {
        if (mapping.count(field))
            continue;
        for (const std::string& name : names) {
            auto it = std::find_if(columns.begin(), columns.end(), [&](const std::string& c) {
                return QString::fromStdString(c).trimmed().compare(QString::fromStdString(name),
                                                                   Qt::CaseInsensitive) == 0;
            });
            if (it != columns.end()) {
                mapping[field] = *it;
                break;
            }
        }
    }
}

} // namespace

struct ImportDialog::FileState {
    QString path;
    bool detected = false;
    formats::Detection detection;
    QString detectError;
    formats::ImportOptions options;
    bool previewed = false;
    formats::Preview preview;
    QString previewError;

    Format effectiveFormat() const
    {
        return options.format != Format::Auto ? options.format : detection.format;
    }
    std::vector<std::string> csvColumns() const
    {
        if (!preview.csvColumns.empty())
            return preview.csvColumns;
        return detection.container == formats::Container::Csv ? detection.fields : std::vector<std::string>{};
    }
};

struct ImportDialog::Outcome {
    int64_t datasetId = 0;
    int64_t imported = 0;
    int64_t rejected = 0;
    std::vector<formats::ImportError> errors;
};

ImportDialog::ImportDialog(ProjectStore& store, const QString& projectPath, const QStringList& files,
                           qint64 targetDatasetId, QWidget* parent)
    : QDialog(parent), store_(store), projectPath_(projectPath)
{
    if (projectPath_.isEmpty())
        projectPath_ = QString::fromStdString(store_.path());
    for (const QString& path : files) {
        FileState f;
        f.path = path;
        try {
            f.detection = formats::detect(path.toStdString());
            f.detected = true;
            if (f.detection.format == Format::Csv)
                prefillMapping(f.options.csvMapping, f.detection.fields);
        } catch (const std::exception& e) {
            f.detectError = QString::fromStdString(e.what());
        }
        files_.push_back(std::move(f));
    }
    buildUi();
    fillDatasetCombo();
    if (targetDatasetId != 0) {
        const int idx = datasetCombo_->findData(targetDatasetId);
        if (idx >= 0) {
            datasetCombo_->setCurrentIndex(idx);
            existingRadio_->setChecked(true);
        }
    }
    if (!files_.empty())
        nameEdit_->setText(QFileInfo(files_.front().path).completeBaseName());
    updateTargetWidgets();
    retranslate();
    if (!files_.empty())
        fileList_->setCurrentRow(0);
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::buildUi()
{
    setObjectName(QStringLiteral("ImportDialog"));
    resize(1000, 720);

    fileList_ = new QListWidget;
    fileList_->setObjectName(QStringLiteral("fileList"));
    for (const FileState& f : files_)
        fileList_->addItem(QFileInfo(f.path).fileName());
    connect(fileList_, &QListWidget::currentRowChanged, this, &ImportDialog::selectFile);
    filesLabel_ = new QLabel;

    detectionLabel_ = new QLabel;
    detectionLabel_->setObjectName(QStringLiteral("detectionLabel"));
    detectionLabel_->setWordWrap(true);
    detectionLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    formatLabel_ = new QLabel;
    formatCombo_ = new QComboBox;
    formatCombo_->setObjectName(QStringLiteral("formatCombo"));
    for (Format f : kFormats)
        formatCombo_->addItem(QString(), static_cast<int>(f));
    connect(formatCombo_, &QComboBox::currentIndexChanged, this, &ImportDialog::onFormatChosen);

    mappingBox_ = new QGroupBox;
    mappingTable_ = new QTableWidget(int(kMappableFields.size()), 2);
    mappingTable_->setObjectName(QStringLiteral("mappingTable"));
    mappingTable_->verticalHeader()->hide();
    mappingTable_->horizontalHeader()->setStretchLastSection(true);
    for (int row = 0; row < int(kMappableFields.size()); ++row) {
        auto* item = new QTableWidgetItem(QString::fromStdString(kMappableFields[row]));
        item->setFlags(Qt::ItemIsEnabled);
        mappingTable_->setItem(row, 0, item);
        auto* combo = new QComboBox;
        combo->setObjectName(QStringLiteral("mapping_") + QString::fromStdString(kMappableFields[row]));
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportDialog::onMappingChanged);
        mappingTable_->setCellWidget(row, 1, combo);
    }
    auto* mappingLayout = new QVBoxLayout(mappingBox_);
    mappingLayout->addWidget(mappingTable_);

    previewBox_ = new QGroupBox;
    previewTable_ = new QTableWidget;
    previewTable_->setObjectName(QStringLiteral("previewTable"));
    previewTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    previewTable_->horizontalHeader()->setStretchLastSection(true);
    previewStatus_ = new QLabel;
    previewStatus_->setObjectName(QStringLiteral("previewStatus"));
    previewStatus_->setWordWrap(true);
    auto* previewLayout = new QVBoxLayout(previewBox_);
    previewLayout->addWidget(previewTable_);
    previewLayout->addWidget(previewStatus_);

    targetBox_ = new QGroupBox;
    newRadio_ = new QRadioButton;
    newRadio_->setObjectName(QStringLiteral("newDatasetRadio"));
    newRadio_->setChecked(true);
    existingRadio_ = new QRadioButton;
    existingRadio_->setObjectName(QStringLiteral("existingDatasetRadio"));
    auto* group = new QButtonGroup(this);
    group->addButton(newRadio_);
    group->addButton(existingRadio_);
    nameEdit_ = new QLineEdit;
    nameEdit_->setObjectName(QStringLiteral("datasetNameEdit"));
    datasetCombo_ = new QComboBox;
    datasetCombo_->setObjectName(QStringLiteral("datasetCombo"));
    connect(newRadio_, &QRadioButton::toggled, this, &ImportDialog::updateTargetWidgets);
    auto* targetLayout = new QFormLayout(targetBox_);
    targetLayout->addRow(newRadio_, nameEdit_);
    targetLayout->addRow(existingRadio_, datasetCombo_);

    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("progressBar"));
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    cancelButton_ = new QPushButton;
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    cancelButton_->setEnabled(false);
    connect(cancelButton_, &QPushButton::clicked, this, &ImportDialog::cancelImport);
    resultLabel_ = new QLabel;
    resultLabel_->setObjectName(QStringLiteral("resultLabel"));
    resultLabel_->setWordWrap(true);
    errorTable_ = new QTableWidget(0, 4);
    errorTable_->setObjectName(QStringLiteral("errorTable"));
    errorTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    errorTable_->horizontalHeader()->setStretchLastSection(true);
    errorTable_->hide();
    quarantineButton_ = new QPushButton;
    quarantineButton_->setObjectName(QStringLiteral("openQuarantineButton"));
    quarantineButton_->hide();
    connect(quarantineButton_, &QPushButton::clicked, this, &ImportDialog::openQuarantine);

    auto* buttons = new QDialogButtonBox;
    importButton_ = buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    importButton_->setObjectName(QStringLiteral("importButton"));
    closeButton_ = buttons->addButton(QString(), QDialogButtonBox::RejectRole);
    closeButton_->setObjectName(QStringLiteral("closeButton"));
    connect(importButton_, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(closeButton_, &QPushButton::clicked, this, &ImportDialog::reject);

    // Layout: files on the left, everything about the chosen file on the right.
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(filesLabel_);
    leftLayout->addWidget(fileList_);
    leftLayout->addWidget(targetBox_);
    leftLayout->addWidget(mappingBox_);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(detectionLabel_);
    auto* formatRow = new QHBoxLayout;
    formatRow->addWidget(formatLabel_);
    formatRow->addWidget(formatCombo_, 1);
    rightLayout->addLayout(formatRow);
    rightLayout->addWidget(previewBox_, 3);
    rightLayout->addWidget(resultLabel_);
    rightLayout->addWidget(errorTable_, 2);
    rightLayout->addWidget(quarantineButton_, 0, Qt::AlignLeft);

    auto* splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);

    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancelButton_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(progressRow);
    layout->addWidget(buttons);
}

void ImportDialog::retranslate()
{
    setWindowTitle(tr("Import Dataset Files"));
    filesLabel_->setText(tr("Files:"));
    formatLabel_->setText(tr("&Format:"));
    formatLabel_->setBuddy(formatCombo_);
    {
        const bool old = updating_;
        updating_ = true;
        for (int i = 0; i < formatCombo_->count(); ++i) {
            const auto f = static_cast<Format>(formatCombo_->itemData(i).toInt());
            formatCombo_->setItemText(i, f == Format::Auto ? tr("Use detected format") : displayName(f));
        }
        updating_ = old;
    }
    mappingBox_->setTitle(tr("CSV column mapping"));
    mappingTable_->setHorizontalHeaderLabels({tr("Record field"), tr("CSV column")});
    previewBox_->setTitle(tr("Preview (first 20 records)"));
    targetBox_->setTitle(tr("Import into"));
    newRadio_->setText(tr("&New dataset:"));
    existingRadio_->setText(tr("&Existing dataset:"));
    cancelButton_->setText(tr("Cancel"));
    errorTable_->setHorizontalHeaderLabels({tr("File"), tr("Line"), tr("Column"), tr("Reason")});
    quarantineButton_->setText(tr("Open &Quarantine..."));
    importButton_->setText(tr("&Import"));
    closeButton_->setText(tr("Close"));
    refreshMapping();
    refreshDetectionLabel();
    refreshPreview();
    if (outcome_)
        showReport();
}

void ImportDialog::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(e);
}

int ImportDialog::currentFile() const
{
    return current_;
}

formats::Format ImportDialog::detectedFormat(int file) const
{
    return files_.at(size_t(file)).detection.format;
}

formats::Format ImportDialog::chosenFormat(int file) const
{
    return files_.at(size_t(file)).options.format;
}

bool ImportDialog::isImporting() const
{
    return task_ && task_->isRunning();
}

void ImportDialog::setFormatOverride(formats::Format f)
{
    const int idx = formatCombo_->findData(static_cast<int>(f));
    if (idx >= 0)
        formatCombo_->setCurrentIndex(idx);
}

void ImportDialog::setCsvMapping(const std::string& field, const QString& column)
{
    for (int row = 0; row < int(kMappableFields.size()); ++row) {
        if (kMappableFields[row] != field)
            continue;
        auto* combo = qobject_cast<QComboBox*>(mappingTable_->cellWidget(row, 1));
        const int idx = column.isEmpty() ? 0 : combo->findData(column);
        if (idx >= 0)
            combo->setCurrentIndex(idx);
    }
}

void ImportDialog::selectFile(int row)
{
    if (row < 0 || row >= int(files_.size()))
        return;
    current_ = row;
    refreshFormatCombo();
    refreshDetectionLabel();
    refreshPreview();
}

void ImportDialog::refreshDetectionLabel()
{
    if (current_ < 0) {
        detectionLabel_->setText(tr("No files to import."));
        return;
    }
    const FileState& f = files_[size_t(current_)];
    if (!f.detected) {
        detectionLabel_->setText(tr("Could not detect the format: %1").arg(f.detectError));
        return;
    }
    detectionLabel_->setText(tr("Detected format: %1 (%2 records). Reason: %3")
                                 .arg(displayName(f.detection.format), displayName(f.detection.kind),
                                      QString::fromStdString(f.detection.reason)));
}

void ImportDialog::refreshFormatCombo()
{
    const bool old = updating_;
    updating_ = true;
    const FileState& f = files_[size_t(current_)];
    formatCombo_->setCurrentIndex(std::max(0, formatCombo_->findData(static_cast<int>(f.options.format))));
    updating_ = old;
}

void ImportDialog::onFormatChosen(int index)
{
    if (updating_ || current_ < 0 || index < 0)
        return;
    FileState& f = files_[size_t(current_)];
    f.options.format = static_cast<Format>(formatCombo_->itemData(index).toInt());
    if (f.effectiveFormat() == Format::Csv)
        prefillMapping(f.options.csvMapping, f.csvColumns());
    f.previewed = false;
    refreshPreview();
}

void ImportDialog::refreshMapping()
{
    const bool isCsv = current_ >= 0 && files_[size_t(current_)].effectiveFormat() == Format::Csv;
    mappingBox_->setVisible(isCsv);
    if (!isCsv)
        return;
    const FileState& f = files_[size_t(current_)];
    const std::vector<std::string> columns = f.csvColumns();
    const bool old = updating_;
    updating_ = true;
    for (int row = 0; row < int(kMappableFields.size()); ++row) {
        auto* combo = qobject_cast<QComboBox*>(mappingTable_->cellWidget(row, 1));
        combo->clear();
        combo->addItem(tr("(not mapped)"), QString());
        for (const std::string& c : columns)
            combo->addItem(QString::fromStdString(c), QString::fromStdString(c));
        auto it = f.options.csvMapping.find(kMappableFields[row]);
        const int idx = it == f.options.csvMapping.end() ? 0 : combo->findData(QString::fromStdString(it->second));
        combo->setCurrentIndex(std::max(0, idx));
    }
    updating_ = old;
}

void ImportDialog::onMappingChanged()
{
    if (updating_ || current_ < 0)
        return;
    FileState& f = files_[size_t(current_)];
    f.options.csvMapping.clear();
    for (int row = 0; row < int(kMappableFields.size()); ++row) {
        auto* combo = qobject_cast<QComboBox*>(mappingTable_->cellWidget(row, 1));
        const QString column = combo->currentData().toString();
        if (!column.isEmpty())
            f.options.csvMapping[kMappableFields[row]] = column.toStdString();
    }
    f.previewed = false;
    refreshPreview();
}

void ImportDialog::refreshPreview()
{
    refreshMapping();
    previewTable_->clear();
    previewTable_->setRowCount(0);
    previewTable_->setColumnCount(0);
    if (current_ < 0) {
        previewStatus_->clear();
        updateTargetWidgets();
        return;
    }
    FileState& f = files_[size_t(current_)];
    if (!f.previewed) {
        f.previewed = true;
        f.previewError.clear();
        f.preview = {};
        try {
            // Reads only the first records: cheap enough for the GUI thread.
            f.preview = formats::preview(f.path.toStdString(), f.options, 20);
        } catch (const std::exception& e) {
            f.previewError = QString::fromStdString(e.what());
        }
    }
    if (!f.previewError.isEmpty()) {
        previewStatus_->setText(tr("Preview failed: %1").arg(f.previewError));
        updateTargetWidgets();
        return;
    }
    const auto& records = f.preview.records;
    const DatasetKind kind = records.empty() ? f.detection.kind : records.front().kind;
    QStringList headers = {tr("Line")};
    headers += previewHeaders(kind);
    previewTable_->setColumnCount(int(headers.size()));
    previewTable_->setHorizontalHeaderLabels(headers);
    previewTable_->setRowCount(int(records.size()));
    for (int row = 0; row < int(records.size()); ++row) {
        const Record& r = records[size_t(row)];
        previewTable_->setItem(row, 0, new QTableWidgetItem(QString::number(r.sourceLine)));
        const QStringList cells = previewCells(r);
        for (int c = 0; c < int(cells.size()) && c + 1 < previewTable_->columnCount(); ++c)
            previewTable_->setItem(row, c + 1, new QTableWidgetItem(cells[c]));
    }
    QString status = tr("%n record(s) shown.", nullptr, int(records.size()));
    if (!f.preview.errors.empty()) {
        const formats::ImportError& e = f.preview.errors.front();
        status += QLatin1Char(' ')
                  + tr("%n error(s) among the first records; first at line %1, column %2: %3", nullptr,
                       int(f.preview.errors.size()))
                        .arg(e.line)
                        .arg(e.column)
                        .arg(QString::fromStdString(e.reason));
    }
    previewStatus_->setText(status);
    updateTargetWidgets();
}

void ImportDialog::fillDatasetCombo()
{
    const QVariant keep = datasetCombo_->currentData();
    datasetCombo_->clear();
    for (const DatasetInfo& d : store_.datasets())
        datasetCombo_->addItem(QStringLiteral("%1 (%2, %3)")
                                   .arg(QString::fromStdString(d.name), displayName(d.kind))
                                   .arg(d.recordCount),
                               qint64(d.id));
    const int idx = datasetCombo_->findData(keep);
    if (idx >= 0)
        datasetCombo_->setCurrentIndex(idx);
    existingRadio_->setEnabled(datasetCombo_->count() > 0);
}

void ImportDialog::updateTargetWidgets()
{
    const bool busy = isImporting();
    nameEdit_->setEnabled(newRadio_->isChecked() && !busy);
    datasetCombo_->setEnabled(existingRadio_->isChecked() && !busy);
    bool anyUsable = false;
    for (const FileState& f : files_)
        anyUsable = anyUsable || f.detected || f.options.format != Format::Auto;
    importButton_->setEnabled(!busy && anyUsable && !outcome_);
    cancelButton_->setEnabled(busy);
    closeButton_->setEnabled(!busy);
    formatCombo_->setEnabled(!busy && !outcome_);
    mappingTable_->setEnabled(!busy && !outcome_);
    targetBox_->setEnabled(!busy && !outcome_);
}

DatasetKind ImportDialog::kindForNewDataset() const
{
    for (const FileState& f : files_) {
        if (f.previewed && !f.preview.records.empty())
            return f.preview.records.front().kind;
        const Format fmt = f.effectiveFormat();
        if (fmt == Format::Auto)
            continue;
        if (f.options.format == Format::Auto || fmt == f.detection.format)
            return f.detection.kind;
        return formats::kindOf(fmt, false);
    }
    return DatasetKind::Sft;
}

void ImportDialog::startImport()
{
    if (isImporting() || files_.empty())
        return;
    struct Job {
        std::string path;
        formats::ImportOptions options;
        int64_t bytes = 0;
    };
    std::vector<Job> jobs;
    int64_t totalBytes = 0;
    for (const FileState& f : files_) {
        Job j{f.path.toStdString(), f.options, QFileInfo(f.path).size()};
        totalBytes += j.bytes;
        jobs.push_back(std::move(j));
    }
    const int64_t targetId = existingRadio_->isChecked() ? datasetCombo_->currentData().toLongLong() : 0;
    QString name = nameEdit_->text().trimmed();
    if (name.isEmpty())
        name = QFileInfo(files_.front().path).completeBaseName();
    const std::string newName = name.toStdString();
    const DatasetKind kind = kindForNewDataset();

    auto outcome = std::make_shared<Outcome>();
    outcome_.reset();
    task_ = std::make_unique<BackgroundTask>(
        [jobs, totalBytes, targetId, newName, kind, outcome](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            // One transaction over all files: a cancel or failure leaves the project as it was.
            ProjectStore::Transaction tx(*store);
            int64_t datasetId = targetId;
            if (datasetId == 0) {
                std::string unique = newName;
                for (int n = 2; store->datasetByName(unique); ++n)
                    unique = newName + " (" + std::to_string(n) + ")";
                datasetId = store->createDataset(unique, kind);
            }
            int64_t doneBytes = 0;
            for (const Job& job : jobs) {
                const QString what = QFileInfo(QString::fromStdString(job.path)).fileName();
                auto progress = [&](int64_t done, int64_t) {
                    ctx.progress(doneBytes + done, std::max<int64_t>(totalBytes, 1), what);
                    return !ctx.cancelled();
                };
                formats::ImportResult r =
                    formats::importFile(*store, job.path, datasetId, job.options, progress, ctx.cancelFlag());
                if (ctx.cancelled())
                    return;
                outcome->imported += r.imported;
                outcome->rejected += r.rejected;
                for (auto& e : r.errors)
                    outcome->errors.push_back(std::move(e));
                doneBytes += job.bytes;
            }
            tx.commit();
            outcome->datasetId = datasetId;
        },
        projectPath_);
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total, const QString& what) {
        progress_->setValue(total > 0 ? int(done * 1000 / total) : 0);
        progress_->setFormat(what + QStringLiteral("  %p%"));
    });
    connect(task_.get(), &BackgroundTask::finished, this,
            [this, outcome](bool ok, const QString& error) {
                if (ok)
                    outcome_ = outcome;
                onImportFinished(ok, error);
            });
    resultLabel_->setText(tr("Importing..."));
    errorTable_->hide();
    quarantineButton_->hide();
    progress_->setValue(0);
    task_->start();
    updateTargetWidgets();
}

void ImportDialog::cancelImport()
{
    if (isImporting())
        task_->cancel();
}

void ImportDialog::onImportFinished(bool ok, const QString& error)
{
    updateTargetWidgets();
    if (!ok) {
        progress_->setValue(0);
        progress_->setFormat(QStringLiteral("%p%"));
        resultLabel_->setText(tr("Import failed, nothing was changed: %1").arg(error));
        return;
    }
    progress_->setValue(progress_->maximum());
    lastDatasetId_ = outcome_->datasetId;
    fillDatasetCombo();
    showReport();
    Q_EMIT imported(outcome_->datasetId, outcome_->imported, outcome_->rejected);
}

void ImportDialog::showReport()
{
    const Outcome& o = *outcome_;
    QString name;
    if (auto info = store_.dataset(o.datasetId))
        name = QString::fromStdString(info->name);
    QString text = tr("Imported %1 record(s) into \"%2\".").arg(o.imported).arg(name);
    if (o.rejected > 0)
        text += QLatin1Char(' ') + tr("%1 record(s) were rejected and kept in the quarantine.").arg(o.rejected);
    resultLabel_->setText(text);
    errorTable_->setVisible(!o.errors.empty());
    quarantineButton_->setVisible(o.rejected > 0);
    const int rows = int(std::min<size_t>(o.errors.size(), kMaxErrorRows));
    errorTable_->setRowCount(rows);
    for (int row = 0; row < rows; ++row) {
        const formats::ImportError& e = o.errors[size_t(row)];
        errorTable_->setItem(row, 0, new QTableWidgetItem(QFileInfo(QString::fromStdString(e.file)).fileName()));
        auto* line = new QTableWidgetItem;
        line->setData(Qt::DisplayRole, qint64(e.line));
        errorTable_->setItem(row, 1, line);
        auto* column = new QTableWidgetItem;
        column->setData(Qt::DisplayRole, qint64(e.column));
        errorTable_->setItem(row, 2, column);
        errorTable_->setItem(row, 3, new QTableWidgetItem(QString::fromStdString(e.reason)));
    }
}

void ImportDialog::openQuarantine()
{
    if (lastDatasetId_ == 0)
        return;
    auto* dlg = new QuarantineDialog(store_, lastDatasetId_, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QuarantineDialog::recordsChanged, this, [this] {
        if (lastDatasetId_ != 0)
            Q_EMIT imported(lastDatasetId_, 0, 0);
    });
    dlg->open();
}

} // namespace wb
