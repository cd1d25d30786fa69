#include "ui/knowledge/new_collection_dialog.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace wb {

QString strategyDisplayName(ChunkStrategy s)
{
    switch (s) {
    case ChunkStrategy::Tokens: return NewCollectionDialog::tr("By tokens, with overlap");
    case ChunkStrategy::Paragraph: return NewCollectionDialog::tr("By paragraph");
    case ChunkStrategy::Heading: return NewCollectionDialog::tr("By Markdown heading");
    case ChunkStrategy::Sentence: return NewCollectionDialog::tr("By sentence");
    }
    return {};
}

QString chunkingSummary(const ChunkOptions& o)
{
    QString s = NewCollectionDialog::tr("%1, up to %2 tokens").arg(strategyDisplayName(o.strategy)).arg(o.maxTokens);
    if (o.strategy == ChunkStrategy::Tokens)
        s += NewCollectionDialog::tr(", overlap %1").arg(o.overlapTokens);
    return s;
}

NewCollectionDialog::NewCollectionDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("newCollectionDialog"));
    setWindowTitle(tr("New Collection"));
    auto* form = new QFormLayout(this);
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("collectionName"));
    form->addRow(tr("Name:"), name_);
    strategy_ = new QComboBox(this);
    strategy_->setObjectName(QStringLiteral("chunkStrategy"));
    for (ChunkStrategy s : {ChunkStrategy::Tokens, ChunkStrategy::Paragraph, ChunkStrategy::Heading,
                            ChunkStrategy::Sentence})
        strategy_->addItem(strategyDisplayName(s), QString::fromStdString(toString(s)));
    form->addRow(tr("Chunking:"), strategy_);
    const ChunkOptions defaults;
    maxTokens_ = new QSpinBox(this);
    maxTokens_->setObjectName(QStringLiteral("chunkMaxTokens"));
    maxTokens_->setRange(8, 8192);
    maxTokens_->setValue(defaults.maxTokens);
    form->addRow(tr("Chunk size (tokens):"), maxTokens_);
    overlap_ = new QSpinBox(this);
    overlap_->setObjectName(QStringLiteral("chunkOverlap"));
    overlap_->setRange(0, 4096);
    overlap_->setValue(defaults.overlapTokens);
    form->addRow(tr("Overlap (tokens):"), overlap_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto update = [this, ok = buttons->button(QDialogButtonBox::Ok)] {
        overlap_->setEnabled(strategy_->currentData().toString() == QLatin1String("tokens"));
        overlap_->setMaximum(maxTokens_->value() - 1);
        ok->setEnabled(!name_->text().trimmed().isEmpty());
    };
    connect(name_, &QLineEdit::textChanged, this, update);
    connect(strategy_, &QComboBox::currentIndexChanged, this, update);
    connect(maxTokens_, &QSpinBox::valueChanged, this, update);
    update();
}

QString NewCollectionDialog::name() const
{
    return name_->text().trimmed();
}

ChunkOptions NewCollectionDialog::chunking() const
{
    ChunkOptions o;
    o.strategy = chunkStrategyFromString(strategy_->currentData().toString().toStdString());
    o.maxTokens = maxTokens_->value();
    o.overlapTokens = o.strategy == ChunkStrategy::Tokens ? overlap_->value() : std::min(o.overlapTokens, o.maxTokens - 1);
    return o;
}

} // namespace wb
