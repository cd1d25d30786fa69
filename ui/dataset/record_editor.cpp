#include "ui/dataset/record_editor.h"

#include "ui/dataset/dataset_table_model.h"
#include "ui/dataset/star_rating.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QRegularExpression>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace wb {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
std::string s(const QString& t) { return t.toStdString(); }

std::vector<std::string> splitTags(const QString& text)
{
    std::vector<std::string> out;
    for (const QString& part : text.split(QRegularExpression(QStringLiteral("[,，;]")), Qt::SkipEmptyParts)) {
        const std::string tag = s(part.trimmed());
        if (!tag.empty() && std::find(out.begin(), out.end(), tag) == out.end())
            out.push_back(tag);
    }
    return out;
}

QString joinTags(const std::vector<std::string>& tags)
{
    QStringList l;
    for (const auto& t : tags)
        l << q(t);
    return l.join(QStringLiteral(", "));
}

// Normalised for the dirty check: the order and spacing of tags do not matter.
bool sameReviewAndContent(const Record& a, const Record& b)
{
    return a.sameContent(b) && a.tags == b.tags && a.status == b.status && a.rating == b.rating && a.split == b.split
        && a.category == b.category;
}
} // namespace

RecordEditor::RecordEditor(ProjectStore& store, QWidget* parent) : QWidget(parent), store_(store)
{
    setObjectName(QStringLiteral("recordEditor"));
    auto* outer = new QVBoxLayout(this);
    header_ = new QLabel(this);
    header_->setObjectName(QStringLiteral("editorHeader"));
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(header_);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    fieldsHost_ = new QWidget(scroll);
    fieldsLayout_ = new QVBoxLayout(fieldsHost_);
    fieldsLayout_->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(fieldsHost_);
    outer->addWidget(scroll, 1);

    auto* form = new QFormLayout;
    categoryLabel_ = new QLabel(this);
    category_ = new QLineEdit(this);
    category_->setObjectName(QStringLiteral("categoryEdit"));
    form->addRow(categoryLabel_, category_);
    tagsLabel_ = new QLabel(this);
    tags_ = new QLineEdit(this);
    tags_->setObjectName(QStringLiteral("tagsEdit"));
    form->addRow(tagsLabel_, tags_);
    ratingLabel_ = new QLabel(this);
    rating_ = new StarRating(this);
    rating_->setObjectName(QStringLiteral("ratingWidget"));
    form->addRow(ratingLabel_, rating_);

    statusLabel_ = new QLabel(this);
    auto* statusRow = new QHBoxLayout;
    status_ = new QButtonGroup(this);
    status_->setExclusive(true);
    const ReviewStatus statuses[] = {ReviewStatus::Unreviewed, ReviewStatus::Accepted, ReviewStatus::Rejected,
                                     ReviewStatus::NeedsFix};
    for (ReviewStatus st : statuses) {
        auto* b = new QPushButton(this);
        b->setCheckable(true);
        b->setObjectName(QStringLiteral("status_%1").arg(QString::fromUtf8(toString(st).data())));
        status_->addButton(b, int(st));
        statusRow->addWidget(b);
    }
    form->addRow(statusLabel_, statusRow);
    splitLabel_ = new QLabel(this);
    split_ = new QComboBox(this);
    split_->setObjectName(QStringLiteral("splitCombo"));
    for (Split sp : {Split::Train, Split::Validation, Split::Test})
        split_->addItem(QString(), int(sp));
    form->addRow(splitLabel_, split_);
    outer->addLayout(form);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    revertButton_ = new QPushButton(this);
    revertButton_->setObjectName(QStringLiteral("revertButton"));
    saveButton_ = new QPushButton(this);
    saveButton_->setObjectName(QStringLiteral("saveButton"));
    saveButton_->setDefault(true);
    buttons->addWidget(revertButton_);
    buttons->addWidget(saveButton_);
    outer->addLayout(buttons);

    countTimer_ = new QTimer(this);
    countTimer_->setSingleShot(true);
    countTimer_->setInterval(150);
    connect(countTimer_, &QTimer::timeout, this, &RecordEditor::updateCounts);

    connect(saveButton_, &QPushButton::clicked, this, &RecordEditor::save);
    connect(revertButton_, &QPushButton::clicked, this, &RecordEditor::revert);
    connect(category_, &QLineEdit::textEdited, this, &RecordEditor::onEdited);
    connect(tags_, &QLineEdit::textEdited, this, &RecordEditor::onEdited);
    connect(rating_, &StarRating::ratingChanged, this, &RecordEditor::onEdited);
    connect(status_, &QButtonGroup::idClicked, this, &RecordEditor::onEdited);
    connect(split_, &QComboBox::activated, this, &RecordEditor::onEdited);

    retranslateUi();
    setRecord(std::nullopt);
    loadTokenCounter();
}

void RecordEditor::loadTokenCounter()
{
    // The GPT-2 vocabulary takes a moment to parse: load it off the GUI thread.
    auto* watcher = new QFutureWatcher<std::shared_ptr<const TokenCounter>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        tokens_ = watcher->result();
        tokensFailed_ = !tokens_;
        watcher->deleteLater();
        updateCounts();
        Q_EMIT tokenCounterReady();
    });
    watcher->setFuture(QtConcurrent::run([]() -> std::shared_ptr<const TokenCounter> {
        try {
            return defaultTokenCounter();
        } catch (const std::exception&) {
            return nullptr;   // counts show "–"
        }
    }));
}

void RecordEditor::retranslateUi()
{
    categoryLabel_->setText(tr("Category"));
    tagsLabel_->setText(tr("Tags"));
    tags_->setPlaceholderText(tr("comma separated"));
    ratingLabel_->setText(tr("Rating"));
    statusLabel_->setText(tr("Status"));
    for (QAbstractButton* b : status_->buttons())
        b->setText(DatasetTableModel::statusTitle(ReviewStatus(status_->id(b))));
    splitLabel_->setText(tr("Split"));
    for (int i = 0; i < split_->count(); ++i)
        split_->setItemText(i, DatasetTableModel::splitTitle(Split(split_->itemData(i).toInt())));
    saveButton_->setText(tr("Save"));
    revertButton_->setText(tr("Revert changes"));
    for (Field& f : fields_)
        f.title->setText(fieldTitle(f));
    if (original_)
        header_->setText(tr("Record #%1").arg(original_->id)
                         + (original_->sourceFile.empty()
                                ? QString()
                                : QStringLiteral(" · %1:%2").arg(q(original_->sourceFile)).arg(original_->sourceLine)));
    else
        header_->setText(tr("No record selected"));
    updateCounts();
}

void RecordEditor::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

QString RecordEditor::fieldTitle(const Field& f) const
{
    if (f.key == QLatin1String("system")) return tr("System prompt");
    if (f.key == QLatin1String("instruction")) return tr("Instruction");
    if (f.key == QLatin1String("input")) return tr("Input");
    if (f.key == QLatin1String("output")) return tr("Output");
    if (f.key == QLatin1String("prompt")) return tr("Prompt");
    if (f.key == QLatin1String("chosen")) return tr("Chosen");
    if (f.key == QLatin1String("rejected")) return tr("Rejected");
    if (f.key == QLatin1String("text")) return tr("Text");
    if (f.key.startsWith(QLatin1String("message.")))
        return tr("Turn %1").arg(f.key.mid(8).toInt() + 1);
    return f.key;
}

void RecordEditor::addField(const QString& key, const QString& text, const QString& role, bool withRole)
{
    Field f;
    f.key = key;
    auto* head = new QHBoxLayout;
    f.title = new QLabel(fieldsHost_);
    QFont bold = f.title->font();
    bold.setBold(true);
    f.title->setFont(bold);
    head->addWidget(f.title);
    if (withRole) {
        f.role = new QLineEdit(role, fieldsHost_);
        f.role->setObjectName(QStringLiteral("role_") + key);
        f.role->setMaximumWidth(120);
        connect(f.role, &QLineEdit::textEdited, this, &RecordEditor::onEdited);
        head->addWidget(f.role);
    }
    head->addStretch();
    f.counts = new QLabel(fieldsHost_);
    f.counts->setObjectName(QStringLiteral("counts_") + key);
    head->addWidget(f.counts);
    fieldsLayout_->addLayout(head);
    f.edit = new QPlainTextEdit(text, fieldsHost_);
    f.edit->setObjectName(QStringLiteral("field_") + key);
    f.edit->setTabChangesFocus(true);
    f.edit->setMinimumHeight(key == QLatin1String("system") ? 50 : 80);
    connect(f.edit, &QPlainTextEdit::textChanged, this, &RecordEditor::onEdited);
    fieldsLayout_->addWidget(f.edit, key == QLatin1String("system") ? 0 : 1);
    f.title->setText(fieldTitle(f));
    fields_.push_back(f);
}

void RecordEditor::rebuildFields(const Record& r, bool withFields)
{
    // Delete the previous field widgets and their layouts.
    while (QLayoutItem* item = fieldsLayout_->takeAt(0)) {
        if (QLayout* l = item->layout()) {
            while (QLayoutItem* sub = l->takeAt(0)) {
                delete sub->widget();
                delete sub;
            }
        }
        delete item->widget();
        delete item;
    }
    fields_.clear();
    if (!withFields)
        return;
    switch (r.kind) {
    case DatasetKind::Sft:
        addField(QStringLiteral("system"), q(r.system));
        addField(QStringLiteral("instruction"), q(r.instruction));
        addField(QStringLiteral("input"), q(r.input));
        addField(QStringLiteral("output"), q(r.output));
        break;
    case DatasetKind::Chat:
    case DatasetKind::Preference:
        addField(QStringLiteral("system"), q(r.system));
        for (size_t i = 0; i < r.messages.size(); ++i)
            addField(QStringLiteral("message.%1").arg(i), q(r.messages[i].content), q(r.messages[i].role), true);
        if (r.kind == DatasetKind::Preference) {
            addField(QStringLiteral("prompt"), q(r.prompt));
            addField(QStringLiteral("chosen"), q(r.chosen));
            addField(QStringLiteral("rejected"), q(r.rejected));
        }
        break;
    case DatasetKind::Text:
        addField(QStringLiteral("text"), q(r.text));
        break;
    }
}

void RecordEditor::setRecord(const std::optional<Record>& r)
{
    loading_ = true;
    original_ = r;
    const bool has = r.has_value();
    const Record shown = r.value_or(Record{});
    rebuildFields(shown, has);
    const bool sft = shown.kind == DatasetKind::Sft;
    category_->setVisible(sft);
    categoryLabel_->setVisible(sft);
    category_->setText(q(shown.category));
    tags_->setText(joinTags(shown.tags));
    rating_->setRating(shown.rating);
    if (QAbstractButton* b = status_->button(int(shown.status)))
        b->setChecked(true);
    split_->setCurrentIndex(split_->findData(int(shown.split)));
    for (QWidget* w : std::initializer_list<QWidget*>{category_, tags_, rating_, split_, saveButton_, revertButton_})
        w->setEnabled(has);
    for (QAbstractButton* b : status_->buttons())
        b->setEnabled(has);
    loading_ = false;
    lastDirty_ = false;
    saveButton_->setEnabled(false);
    revertButton_->setEnabled(false);
    retranslateUi();
    Q_EMIT dirtyChanged(false);
}

Record RecordEditor::currentRecord() const
{
    Record r = original_.value_or(Record{});
    if (!original_)
        return r;
    for (const Field& f : fields_) {
        const std::string text = s(f.edit->toPlainText());
        if (f.key == QLatin1String("system")) r.system = text;
        else if (f.key == QLatin1String("instruction")) r.instruction = text;
        else if (f.key == QLatin1String("input")) r.input = text;
        else if (f.key == QLatin1String("output")) r.output = text;
        else if (f.key == QLatin1String("prompt")) r.prompt = text;
        else if (f.key == QLatin1String("chosen")) r.chosen = text;
        else if (f.key == QLatin1String("rejected")) r.rejected = text;
        else if (f.key == QLatin1String("text")) r.text = text;
        else if (f.key.startsWith(QLatin1String("message."))) {
            const size_t i = size_t(f.key.mid(8).toInt());
            if (i < r.messages.size()) {
                r.messages[i].content = text;
                if (f.role)
                    r.messages[i].role = s(f.role->text().trimmed());
            }
        }
    }
    if (r.kind == DatasetKind::Sft)
        r.category = s(category_->text().trimmed());
    r.tags = splitTags(tags_->text());
    r.rating = rating_->rating();
    if (status_->checkedId() >= 0)
        r.status = ReviewStatus(status_->checkedId());
    r.split = Split(split_->currentData().toInt());
    return r;
}

bool RecordEditor::isDirty() const
{
    if (!original_)
        return false;
    Record loaded = *original_;
    loaded.tags = splitTags(joinTags(loaded.tags));   // compare in the editor's normal form
    return !sameReviewAndContent(loaded, currentRecord());
}

QPlainTextEdit* RecordEditor::fieldEdit(const QString& key) const
{
    for (const Field& f : fields_)
        if (f.key == key)
            return f.edit;
    return nullptr;
}

void RecordEditor::onEdited()
{
    if (loading_)
        return;
    countTimer_->start();
    const bool dirty = isDirty();
    saveButton_->setEnabled(dirty);
    revertButton_->setEnabled(dirty);
    if (dirty != lastDirty_) {
        lastDirty_ = dirty;
        Q_EMIT dirtyChanged(dirty);
    }
}

void RecordEditor::updateCounts()
{
    for (const Field& f : fields_) {
        const QString text = f.edit->toPlainText();
        const qsizetype chars = text.toUcs4().size();
        QString tokens = QStringLiteral("–");
        if (tokens_)
            tokens = QString::number(tokens_->countTokens(s(text)));
        f.counts->setText(tr("%1 chars · %2 tokens").arg(chars).arg(tokens));
    }
}

bool RecordEditor::save()
{
    if (!original_ || !isDirty())
        return true;
    const Record r = currentRecord();
    try {
        store_.updateRecord(r, "Edit record");
        setRecord(store_.record(r.id));
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Save failed"), QString::fromStdString(e.what()));
        return false;
    }
    Q_EMIT saved(r.id);
    return true;
}

void RecordEditor::revert()
{
    if (!original_)
        return;
    std::optional<Record> fresh;
    try {
        fresh = store_.record(original_->id);
    } catch (const Error&) {
    }
    setRecord(fresh ? fresh : original_);
}

} // namespace wb
