#pragma once
// Name and chunking options (strategy, chunk size, overlap) of a new
// knowledge-base collection.
#include "core/retrieval/chunker.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace wb {

class NewCollectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewCollectionDialog(QWidget* parent = nullptr);

    QString name() const;
    ChunkOptions chunking() const;

    QLineEdit* nameEdit() const { return name_; }
    QComboBox* strategyCombo() const { return strategy_; }
    QSpinBox* maxTokensSpin() const { return maxTokens_; }
    QSpinBox* overlapSpin() const { return overlap_; }

private:
    QLineEdit* name_ = nullptr;
    QComboBox* strategy_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QSpinBox* overlap_ = nullptr;
};

// "tokens, 200 tokens, overlap 40" in the UI language.
QString chunkingSummary(const ChunkOptions& o);
QString strategyDisplayName(ChunkStrategy s);

} // namespace wb
