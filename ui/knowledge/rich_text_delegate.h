#pragma once
// Draws a cell from an HTML role (e.g. highlighted matches) on one line.
#include <QStyledItemDelegate>

namespace wb {

class RichTextDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    RichTextDelegate(int htmlRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int htmlRole_;
};

} // namespace wb
