#include "ui/chat/save_to_dataset_dialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace wb {

SaveToDatasetDialog::SaveToDatasetDialog(ProjectStore& store, qint64 replyId, const QVector<Alternative>& alternatives,
                                         QWidget* parent)
    : QDialog(parent), store_(store), replyId_(replyId)
{
    setObjectName(QStringLiteral("saveToDatasetDialog"));
    setWindowTitle(tr("Save to Dataset"));
    auto* layout = new QVBoxLayout(this);
    sft_ = new QRadioButton(tr("This exchange as an SFT record (instruction, output, system prompt)"), this);
    sft_->setObjectName(QStringLiteral("sftRadio"));
    preference_ = new QRadioButton(tr("A preference pair with an alternative reply (prompt, chosen, rejected)"), this);
    preference_->setObjectName(QStringLiteral("preferenceRadio"));
    auto* group = new QButtonGroup(this);
    group->addButton(sft_);
    group->addButton(preference_);
    layout->addWidget(sft_);
    layout->addWidget(preference_);

    auto* form = new QFormLayout;
    alternatives_ = new QComboBox(this);
    alternatives_->setObjectName(QStringLiteral("alternativeCombo"));
    for (const Alternative& a : alternatives)
        alternatives_->addItem(a.label, a.messageId);
    form->addRow(tr("Alternative:"), alternatives_);
    rejected_ = new QCheckBox(tr("This reply is the worse one (rejected)"), this);
    rejected_->setObjectName(QStringLiteral("rejectedCheck"));
    form->addRow(QString(), rejected_);
    datasets_ = new QComboBox(this);
    datasets_->setObjectName(QStringLiteral("datasetCombo"));
    form->addRow(tr("Dataset:"), datasets_);
    newName_ = new QLineEdit(this);
    newName_->setObjectName(QStringLiteral("newDatasetName"));
    newName_->setPlaceholderText(tr("Name of the new dataset"));
    form->addRow(tr("New dataset:"), newName_);
    layout->addLayout(form);
    hint_ = new QLabel(this);
    hint_->setWordWrap(true);
    layout->addWidget(hint_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    preference_->setEnabled(!alternatives.isEmpty());
    sft_->setChecked(true);
    connect(sft_, &QRadioButton::toggled, this, [this] {
        fillDatasets();
        updateState();
    });
    connect(datasets_, &QComboBox::currentIndexChanged, this, &SaveToDatasetDialog::updateState);
    connect(newName_, &QLineEdit::textChanged, this, &SaveToDatasetDialog::updateState);
    fillDatasets();
    updateState();
}

SaveToDatasetDialog::Mode SaveToDatasetDialog::mode() const
{
    return preference_->isChecked() ? Mode::Preference : Mode::Sft;
}

void SaveToDatasetDialog::setMode(Mode m)
{
    (m == Mode::Preference ? preference_ : sft_)->setChecked(true);
}

qint64 SaveToDatasetDialog::alternativeId() const
{
    return alternatives_->currentData().toLongLong();
}

bool SaveToDatasetDialog::replyIsRejected() const
{
    return rejected_->isChecked();
}

qint64 SaveToDatasetDialog::datasetId() const
{
    return datasets_->currentData().toLongLong();
}

QString SaveToDatasetDialog::newDatasetName() const
{
    return newName_->text().trimmed();
}

// Only datasets of the kind the record will have; the last entry makes a new one.
void SaveToDatasetDialog::fillDatasets()
{
    const DatasetKind kind = mode() == Mode::Preference ? DatasetKind::Preference : DatasetKind::Sft;
    const qint64 keep = datasetId();
    const QSignalBlocker block(datasets_);
    datasets_->clear();
    try {
        for (const DatasetInfo& d : store_.datasets())
            if (d.kind == kind)
                datasets_->addItem(QString::fromStdString(d.name), QVariant::fromValue<qint64>(d.id));
    } catch (const Error& e) {
        hint_->setText(QString::fromStdString(e.what()));
    }
    datasets_->addItem(tr("New dataset…"), QVariant::fromValue<qint64>(0));
    const int i = datasets_->findData(QVariant::fromValue<qint64>(keep));
    datasets_->setCurrentIndex(keep != 0 && i >= 0 ? i : 0);   // else the first existing one
    // Suggest a name for the kind, unless the user typed one.
    const QString sftName = QStringLiteral("chat-sft"), prefName = QStringLiteral("chat-preferences");
    if (newName_->text().isEmpty() || newName_->text() == sftName || newName_->text() == prefName)
        newName_->setText(kind == DatasetKind::Preference ? prefName : sftName);
}

void SaveToDatasetDialog::updateState()
{
    const bool pref = mode() == Mode::Preference;
    alternatives_->setEnabled(pref);
    rejected_->setEnabled(pref);
    const bool makeNew = datasetId() == 0;
    newName_->setEnabled(makeNew);
    bool ok = !makeNew || !newDatasetName().isEmpty();
    if (makeNew && ok) {
        try {
            if (store_.datasetByName(newDatasetName().toStdString())) {
                ok = false;
                hint_->setText(tr("A dataset named \"%1\" already exists.").arg(newDatasetName()));
            }
        } catch (const Error&) {
        }
    }
    if (ok)
        hint_->setText(tr("Saved as one edit: Undo removes it again."));
    buttons_->button(QDialogButtonBox::Save)->setEnabled(ok);
}

} // namespace wb
