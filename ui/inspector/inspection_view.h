#pragma once
// One inspection's result: the answer with its spans coloured by risk (and
// risky claims underlined), a legend, and for the claim clicked its best
// evidence passage with the shared words highlighted on both sides and each
// detector's score and reason.
#include "ui/inspector/inspection_job.h"
#include "ui/inspector/risk_highlight.h"

#include <QWidget>

#include <vector>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace wb {

class InspectionView : public QWidget {
    Q_OBJECT
public:
    enum DetectorColumn { DetectorNameColumn, DetectorScoreColumn, DetectorReasonColumn };
    static QColor matchColor();   // shared words in the claim and its evidence

    explicit InspectionView(QWidget* parent = nullptr);

    void showOutcome(const InspectionOutcome& outcome);
    void clear();
    bool hasReport() const { return hasReport_; }
    const InspectionOutcome& outcome() const { return outcome_; }
    const std::vector<RiskSegment>& segments() const { return segments_; }

    // QString position in the answer -> the claim (and span) there, shown in
    // the details. False when no claim covers the position.
    bool selectAt(int pos);
    bool selectClaim(int claim);
    int selectedClaim() const { return claim_; }
    int selectedSpan() const { return span_; }
    // QString range of a claim in the answer view.
    std::pair<int, int> claimRange(int claim) const;

    QTextBrowser* answerView() const { return answer_; }
    QTextBrowser* claimView() const { return claimView_; }
    QTextBrowser* evidenceView() const { return evidence_; }
    QTableWidget* detectorTable() const { return detectors_; }
    QLabel* riskLabel() const { return risk_; }
    QLabel* spanLabel() const { return spanLabel_; }
    QLabel* evidenceLabel() const { return evidenceLabel_; }

Q_SIGNALS:
    void claimSelected(int claim, int span);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void showDetails();
    void fillDetectorTable(const inspect::ClaimReport& c);
    QString reasonFor(const std::string& detector, const inspect::ClaimReport& c) const;

    InspectionOutcome outcome_;
    bool hasReport_ = false;
    std::vector<RiskSegment> segments_;
    int claim_ = -1;
    int span_ = -1;

    QLabel* risk_ = nullptr;
    QLabel* legend_ = nullptr;
    QTextBrowser* answer_ = nullptr;
    QLabel* claimLabel_ = nullptr;
    QTextBrowser* claimView_ = nullptr;
    QLabel* spanLabel_ = nullptr;
    QLabel* evidenceLabel_ = nullptr;
    QTextBrowser* evidence_ = nullptr;
    QTableWidget* detectors_ = nullptr;
};

// Gives `ranges` (UTF-8 byte ranges into `utf8`, which `doc` holds as plain
// text) the background `colour`.
void highlightByteRanges(class QTextDocument* doc, const std::string& utf8,
                         const std::vector<std::pair<size_t, size_t>>& ranges, const QColor& colour);

} // namespace wb
