#pragma once
// A 1-5 star rating: five flat buttons; clicking the current value clears it.
#include <QWidget>

#include <array>

class QToolButton;

namespace wb {

class StarRating : public QWidget {
    Q_OBJECT
public:
    explicit StarRating(QWidget* parent = nullptr);
    int rating() const { return rating_; }
    void setRating(int r);   // 0 = unrated

Q_SIGNALS:
    void ratingChanged(int rating);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void updateStars();
    int rating_ = 0;
    std::array<QToolButton*, 5> stars_{};
};

} // namespace wb
