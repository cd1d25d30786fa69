#include "ui/mainwindow/dataset_dialogs.h"

#include "core/curation/curation.h"
#include "ui/common/background_task.h"
#include "ui/common/display_names.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <memory>

namespace wb {

// ---------------------------------------------------------------- new dataset

NewDatasetDialog::NewDatasetDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("New Dataset"));
    auto* form = new QFormLayout(this);
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("datasetName"));
    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("datasetKind"));
    for (DatasetKind k : {DatasetKind::Sft, DatasetKind::Chat, DatasetKind::Preference, DatasetKind::Text})
        kind_->addItem(displayName(k), int(k));
    form->addRow(tr("Name:"), name_);
    form->addRow(tr("Kind:"), kind_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto update = [this] { buttons_->button(QDialogButtonBox::Ok)->setEnabled(!name().isEmpty()); };
    connect(name_, &QLineEdit::textChanged, this, update);
    update();
}

QString NewDatasetDialog::name() const { return name_->text().trimmed(); }
DatasetKind NewDatasetDialog::kind() const { return DatasetKind(kind_->currentData().toInt()); }

// ---------------------------------------------------------------- split

SplitDialog::SplitDialog(const QString& projectPath, const RecordQuery& query, QWidget* parent)
    : QDialog(parent), projectPath_(projectPath), query_(query)
{
    setWindowTitle(tr("Assign Splits"));
    auto* form = new QFormLayout(this);
    auto ratio = [this](double v) {
        auto* s = new QDoubleSpinBox(this);
        s->setRange(0, 1);
        s->setSingleStep(0.05);
        s->setDecimals(3);
        s->setValue(v);
        return s;
    };
    train_ = ratio(0.8);
    validation_ = ratio(0.1);
    test_ = ratio(0.1);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setValue(42);
    stratify_ = new QCheckBox(tr("Stratify by category"), this);
    stratify_->setChecked(true);
    result_ = new QLabel(tr("Applies to every record matching the current filter. Undoable."), this);
    result_->setWordWrap(true);
    form->addRow(tr("Train:"), train_);
    form->addRow(tr("Validation:"), validation_);
    form->addRow(tr("Test:"), test_);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(stratify_);
    form->addRow(result_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Close, this);
    form->addRow(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &SplitDialog::start);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SplitDialog::~SplitDialog() = default;

void SplitDialog::start()
{
    if (task_)
        return;
    curation::SplitOptions opt;
    opt.train = train_->value();
    opt.validation = validation_->value();
    opt.test = test_->value();
    opt.seed = uint64_t(seed_->value());
    opt.stratifyByCategory = stratify_->isChecked();
    auto counts = std::make_shared<curation::SplitCounts>();
    const RecordQuery q = query_;
    task_ = new BackgroundTask(
        [q, opt, counts](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            *counts = curation::assignSplits(*store, q, opt);
        },
        projectPath_, this);
    buttons_->setEnabled(false);
    result_->setText(tr("Assigning splits…"));
    connect(task_, &BackgroundTask::finished, this, [this, counts](bool ok, const QString& error) {
        task_->deleteLater();
        task_ = nullptr;
        buttons_->setEnabled(true);
        buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
        if (!ok) {
            result_->setText(tr("Failed: %1").arg(error));
            return;
        }
        result_->setText(tr("Train %1, validation %2, test %3.")
                             .arg(counts->train).arg(counts->validation).arg(counts->test));
        Q_EMIT done();
    });
    task_->start();
}

// ---------------------------------------------------------------- merge

MergeDialog::MergeDialog(ProjectStore& store, const QString& projectPath, qint64 currentDatasetId, QWidget* parent)
    : QDialog(parent), projectPath_(projectPath)
{
    setWindowTitle(tr("Merge Datasets"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Datasets to merge (same kind):"), this));
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("mergeList"));
    for (const DatasetInfo& d : store.datasets()) {
        auto* item = new QListWidgetItem(
            tr("%1 (%2, %n record(s))", nullptr, int(d.recordCount)).arg(qstr(d.name), displayName(d.kind)), list_);
        item->setData(Qt::UserRole, QVariant::fromValue<qint64>(d.id));
        item->setData(Qt::UserRole + 1, int(d.kind));
        item->setCheckState(d.id == currentDatasetId ? Qt::Checked : Qt::Unchecked);
    }
    layout->addWidget(list_);
    auto* form = new QFormLayout;
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("mergeName"));
    form->addRow(tr("New dataset name:"), name_);
    dropDuplicates_ = new QCheckBox(tr("Drop exact duplicates"), this);
    dropDuplicates_->setChecked(true);
    form->addRow(dropDuplicates_);
    layout->addLayout(form);
    result_ = new QLabel(this);
    result_->setWordWrap(true);
    layout->addWidget(result_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Close, this);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &MergeDialog::start);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(list_, &QListWidget::itemChanged, this, &MergeDialog::updateOk);
    connect(name_, &QLineEdit::textChanged, this, &MergeDialog::updateOk);
    updateOk();
}

MergeDialog::~MergeDialog() = default;

void MergeDialog::updateOk()
{
    int checked = 0;
    std::optional<int> kind;
    bool mixed = false;
    for (int i = 0; i < list_->count(); ++i) {
        QListWidgetItem* item = list_->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        ++checked;
        const int k = item->data(Qt::UserRole + 1).toInt();
        mixed = mixed || (kind && *kind != k);
        kind = k;
    }
    result_->setText(mixed ? tr("The chosen datasets have different kinds.") : QString());
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(!task_ && checked >= 2 && !mixed
                                                       && !name_->text().trimmed().isEmpty());
}

void MergeDialog::start()
{
    if (task_)
        return;
    std::vector<int64_t> ids;
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->checkState() == Qt::Checked)
            ids.push_back(list_->item(i)->data(Qt::UserRole).toLongLong());
    const std::string name = name_->text().trimmed().toStdString();
    const bool drop = dropDuplicates_->isChecked();
    auto newId = std::make_shared<int64_t>(0);
    task_ = new BackgroundTask(
        [ids, name, drop, newId](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            *newId = curation::mergeDatasets(*store, ids, name, drop);
        },
        projectPath_, this);
    buttons_->setEnabled(false);
    result_->setText(tr("Merging…"));
    connect(task_, &BackgroundTask::finished, this, [this, newId](bool ok, const QString& error) {
        task_->deleteLater();
        task_ = nullptr;
        buttons_->setEnabled(true);
        if (!ok) {
            result_->setText(tr("Failed: %1").arg(error));
            updateOk();
            return;
        }
        Q_EMIT merged(*newId);
        accept();
    });
    task_->start();
}

} // namespace wb
