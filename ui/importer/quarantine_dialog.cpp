#include "ui/importer/quarantine_dialog.h"

#include "core/formats/import_service.h"
#include "ui/common/display_names.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace wb {

using formats::Format;

namespace {
const std::vector<Format> kFormats = {Format::Alpaca, Format::Dolly, Format::ShareGpt, Format::OpenAiMessages,
                                      Format::Preference, Format::Text, Format::Csv};

Format naturalFormat(DatasetKind k)
{
    switch (k) {
    case DatasetKind::Sft: return Format::Alpaca;
    case DatasetKind::Chat: return Format::OpenAiMessages;
    case DatasetKind::Preference: return Format::Preference;
    case DatasetKind::Text: return Format::Text;
    }
    return Format::Alpaca;
}
} // namespace

QuarantineDialog::QuarantineDialog(ProjectStore& store, qint64 datasetId, QWidget* parent)
    : QDialog(parent), store_(store), datasetId_(datasetId)
{
    setObjectName(QStringLiteral("QuarantineDialog"));
    resize(900, 600);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("summaryLabel"));
    table_ = new QTableWidget(0, 4);
    table_->setObjectName(QStringLiteral("quarantineTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->horizontalHeader()->setStretchLastSection(true);
    connect(table_, &QTableWidget::itemSelectionChanged, this, &QuarantineDialog::onSelectionChanged);

    rawLabel_ = new QLabel;
    rawEdit_ = new QPlainTextEdit;
    rawEdit_->setObjectName(QStringLiteral("rawEdit"));
    rawEdit_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    formatLabel_ = new QLabel;
    formatCombo_ = new QComboBox;
    formatCombo_->setObjectName(QStringLiteral("formatCombo"));
    for (Format f : kFormats)
        formatCombo_->addItem(QString(), static_cast<int>(f));
    statusLabel_ = new QLabel;
    statusLabel_->setObjectName(QStringLiteral("statusLabel"));
    statusLabel_->setWordWrap(true);

    reimportButton_ = new QPushButton;
    reimportButton_->setObjectName(QStringLiteral("reimportButton"));
    discardButton_ = new QPushButton;
    discardButton_->setObjectName(QStringLiteral("discardButton"));
    closeButton_ = new QPushButton;
    closeButton_->setObjectName(QStringLiteral("closeButton"));
    connect(reimportButton_, &QPushButton::clicked, this, &QuarantineDialog::reimportSelected);
    connect(discardButton_, &QPushButton::clicked, this, &QuarantineDialog::discardSelected);
    connect(closeButton_, &QPushButton::clicked, this, &QDialog::accept);

    auto* editor = new QWidget;
    auto* editorLayout = new QVBoxLayout(editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(rawLabel_);
    editorLayout->addWidget(rawEdit_, 1);
    auto* formatRow = new QHBoxLayout;
    formatRow->addWidget(formatLabel_);
    formatRow->addWidget(formatCombo_, 1);
    formatRow->addWidget(reimportButton_);
    formatRow->addWidget(discardButton_);
    editorLayout->addLayout(formatRow);
    editorLayout->addWidget(statusLabel_);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(table_);
    splitter->addWidget(editor);

    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(closeButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);

    retranslate();
    reload();
}

void QuarantineDialog::retranslate()
{
    setWindowTitle(tr("Quarantine"));
    table_->setHorizontalHeaderLabels({tr("File"), tr("Line"), tr("Column"), tr("Reason")});
    rawLabel_->setText(tr("Raw text (fix it, then re-import):"));
    formatLabel_->setText(tr("Parse as:"));
    for (int i = 0; i < formatCombo_->count(); ++i)
        formatCombo_->setItemText(i, displayName(static_cast<Format>(formatCombo_->itemData(i).toInt())));
    reimportButton_->setText(tr("&Re-import"));
    discardButton_->setText(tr("&Discard"));
    closeButton_->setText(tr("Close"));
    summary_->setText(tr("%n record(s) failed to import and are kept here.", nullptr, int(entries_.size())));
}

void QuarantineDialog::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(e);
}

void QuarantineDialog::reload()
{
    const int keepRow = std::max(0, selectedRow());
    try {
        entries_ = store_.quarantine(datasetId_);
    } catch (const std::exception& e) {
        entries_.clear();
        statusLabel_->setText(QString::fromStdString(e.what()));
    }
    table_->setRowCount(int(entries_.size()));
    for (int row = 0; row < int(entries_.size()); ++row) {
        const QuarantineEntry& e = entries_[size_t(row)];
        auto* file = new QTableWidgetItem(QFileInfo(QString::fromStdString(e.sourceFile)).fileName());
        file->setToolTip(QString::fromStdString(e.sourceFile));
        table_->setItem(row, 0, file);
        auto* line = new QTableWidgetItem;
        line->setData(Qt::DisplayRole, qint64(e.line));
        table_->setItem(row, 1, line);
        auto* column = new QTableWidgetItem;
        column->setData(Qt::DisplayRole, qint64(e.column));
        table_->setItem(row, 2, column);
        table_->setItem(row, 3, new QTableWidgetItem(QString::fromStdString(e.reason)));
    }
    summary_->setText(tr("%n record(s) failed to import and are kept here.", nullptr, int(entries_.size())));
    if (!entries_.empty())
        selectEntry(std::min(keepRow, int(entries_.size()) - 1));
    else
        onSelectionChanged();
}

void QuarantineDialog::selectEntry(int row)
{
    if (row >= 0 && row < table_->rowCount())
        table_->selectRow(row);
}

int QuarantineDialog::selectedRow() const
{
    const auto rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.front().row();
}

Format QuarantineDialog::guessFormat(const QuarantineEntry& e) const
{
    try {
        const formats::Detection d = formats::detect(e.sourceFile);
        if (d.format != Format::Auto)
            return d.format;
    } catch (const std::exception&) {
        // The source file may be gone; fall back to the dataset's natural format.
    }
    const auto info = store_.dataset(datasetId_);
    return naturalFormat(info ? info->kind : DatasetKind::Sft);
}

void QuarantineDialog::onSelectionChanged()
{
    const int row = selectedRow();
    const bool has = row >= 0;
    reimportButton_->setEnabled(has);
    discardButton_->setEnabled(has);
    rawEdit_->setEnabled(has);
    if (!has) {
        rawEdit_->clear();
        return;
    }
    const QuarantineEntry& e = entries_[size_t(row)];
    // Raw bytes may be invalid UTF-8: fromUtf8 shows replacement characters the user can fix.
    rawEdit_->setPlainText(QString::fromUtf8(e.raw.data(), qsizetype(e.raw.size())));
    const int idx = formatCombo_->findData(static_cast<int>(guessFormat(e)));
    if (idx >= 0)
        formatCombo_->setCurrentIndex(idx);
    statusLabel_->setText(tr("Line %1, column %2: %3").arg(e.line).arg(e.column).arg(QString::fromStdString(e.reason)));
}

void QuarantineDialog::reimportSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const QuarantineEntry e = entries_[size_t(row)];
    const auto format = static_cast<Format>(formatCombo_->currentData().toInt());
    int64_t moved = 0;
    try {
        moved = formats::reimportQuarantine(store_, e.id, rawEdit_->toPlainText().toStdString(), format);
    } catch (const std::exception& ex) {
        statusLabel_->setText(tr("Re-import failed: %1").arg(QString::fromStdString(ex.what())));
        return;
    }
    reload();
    if (moved > 0) {
        statusLabel_->setText(tr("The record was added to the dataset."));
        Q_EMIT recordsChanged();
    } else {
        // The entry stays (possibly under a new id) with its new reason; show it.
        for (int r = 0; r < int(entries_.size()); ++r) {
            const QuarantineEntry& now = entries_[size_t(r)];
            if (now.id == e.id || (now.sourceFile == e.sourceFile && now.line == e.line)) {
                selectEntry(r);
                statusLabel_->setText(tr("Still not valid: %1").arg(QString::fromStdString(entries_[size_t(r)].reason)));
            }
        }
    }
}

void QuarantineDialog::discardSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    try {
        store_.removeQuarantine({entries_[size_t(row)].id});
    } catch (const std::exception& ex) {
        statusLabel_->setText(QString::fromStdString(ex.what()));
        return;
    }
    reload();
    statusLabel_->setText(tr("The entry was discarded."));
    Q_EMIT recordsChanged();
}

} // namespace wb
