#include "ui/embeddings/map_legend_model.h"
#include "ui/embeddings/map_raster.h"
#include "ui/embeddings/map_view.h"

#include "core/data/record.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using wb::MapView;

class tst_map_view : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void rasterWritesExactPixels();
    void colourByChangesPointColours();
    void numericChannelUsesRampAndBins();
    void legendToggleHidesGroup();
    void rectangleSelectionSelectsExactIds();
    void lassoSelection();
    void clickEmitsRecordUnderCursor();
    void hoverShowsTruncatedText();
    void exportPng();
    void zoomKeepsAnchor_data();
    void zoomKeepsAnchor();
    void invalidDataThrows();

private:
    // A 10 x 10 grid of points at integer coordinates, item id = 1000 + index,
    // dataset 7; "category" cycles A/B/C by column, "status" is row parity.
    static std::shared_ptr<wb::MapData> grid();
    void mouse(QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers mods = Qt::NoModifier);
    QColor pixelAt(QPointF p);

    std::unique_ptr<MapView> view_;
};

std::shared_ptr<wb::MapData> tst_map_view::grid()
{
    auto d = std::make_shared<wb::MapData>();
    wb::MapChannel category{QStringLiteral("category"), QStringLiteral("Category"), false, {"A", "B", "C"}, {}, {}};
    wb::MapChannel status{QStringLiteral("status"), QStringLiteral("Status"), false, {"even", "odd"}, {}, {}};
    wb::MapChannel score{QStringLiteral("score"), QStringLiteral("Score"), true, {}, {}, {}};
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x) {
            const int i = y * 10 + x;
            d->xy.push_back(float(x));
            d->xy.push_back(float(y));
            d->itemIds.push_back(1000 + i);
            d->datasetIds.push_back(7);
            category.codes.push_back(x % 3);
            status.codes.push_back(y % 2);
            score.values.push_back(i == 99 ? NAN : float(x));
        }
    d->channels = {category, status, score};
    return d;
}

void tst_map_view::init()
{
    view_ = std::make_unique<MapView>();
    view_->resize(400, 300);
    view_->show();
    QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
    view_->setData(grid());
}

void tst_map_view::cleanup()
{
    view_.reset();
}

void tst_map_view::mouse(QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
                         Qt::KeyboardModifiers mods)
{
    QMouseEvent e(type, pos, view_->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(view_.get(), &e);
}

QColor tst_map_view::pixelAt(QPointF p)
{
    const QImage img = view_->grab().toImage();
    return img.pixelColor(int(std::floor(p.x())), int(std::floor(p.y())));
}

void tst_map_view::rasterWritesExactPixels()
{
    QImage img(20, 10, QImage::Format_ARGB32_Premultiplied);
    img.fill(0xffffffff);
    wb::MapTransform t{5, 2.5, 2, 20, 10};   // data (5, 2.5) at pixel (10, 5), 2 px per unit
    const float xy[] = {5.f, 2.5f, 0.f, 0.f, 100.f, 100.f, 6.f, 2.5f};
    const uint32_t colors[] = {0xffff0000, 0xff00ff00, 0xff0000ff, 0};
    wb::rasterPoints(img, t, xy, colors, 4, 1);
    QCOMPARE(img.pixel(10, 5), 0xffff0000u);
    // (0, 0) maps to pixel (0, 10) and (100, 100) far away: both off the image.
    QCOMPARE(img.pixel(12, 5), 0xffffffffu);                   // hidden point (colour 0) not drawn
    int coloured = 0;
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 20; ++x)
            coloured += img.pixel(x, y) != 0xffffffffu;
    QCOMPARE(coloured, 1);
    // A 3 x 3 square centred on the point, and the override colour.
    wb::rasterPoints(img, t, xy, colors, 1, 3, nullptr, 0xff123456);
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            QCOMPARE(img.pixel(10 + dx, 5 + dy), 0xff123456u);
    QCOMPARE(img.pixel(12, 5), 0xffffffffu);
}

void tst_map_view::colourByChangesPointColours()
{
    // One colour before choosing a field.
    const QColor single = QColor::fromRgba(wb::MapColoring::kSingleColor);
    QCOMPARE(view_->pointColor(0), single);
    QCOMPARE(pixelAt(view_->pointPixel(1)), single);

    view_->setColorChannel(view_->data()->channelIndex(QStringLiteral("category")));
    for (int i : {0, 1, 2, 3, 14}) {
        const QColor expected = wb::MapColoring::categoryColor((i % 10) % 3);
        QCOMPARE(view_->pointColor(i), expected);
        QCOMPARE(pixelAt(view_->pointPixel(i)), expected);
    }
    QVERIFY(view_->pointColor(0) != view_->pointColor(1));

    view_->setColorChannel(view_->data()->channelIndex(QStringLiteral("status")));
    QCOMPARE(view_->pointColor(1), wb::MapColoring::categoryColor(0));    // row 0: even
    QCOMPARE(view_->pointColor(11), wb::MapColoring::categoryColor(1));   // row 1: odd
    QCOMPARE(pixelAt(view_->pointPixel(11)), wb::MapColoring::categoryColor(1));

    QAbstractItemModelTester tester(view_->legendModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(view_->legendModel()->rowCount(), 3);   // even, odd, (none)
    QCOMPARE(view_->legendModel()->data(view_->legendModel()->index(0), wb::MapLegendModel::CountRole).toLongLong(),
             50);
    view_->setColorChannel(view_->data()->channelIndex(QStringLiteral("category")));
    QCOMPARE(view_->legendModel()->rowCount(), 4);
}

void tst_map_view::numericChannelUsesRampAndBins()
{
    view_->setColorChannel(view_->data()->channelIndex(QStringLiteral("score")));
    QCOMPARE(view_->coloring().rampMin(), 0.0);
    QCOMPARE(view_->coloring().rampMax(), 9.0);
    QCOMPARE(view_->pointColor(0), wb::MapColoring::rampColor(0));
    QCOMPARE(view_->pointColor(9), wb::MapColoring::rampColor(1));
    auto* legend = view_->legendModel();
    QCOMPARE(legend->rowCount(), wb::MapColoring::kNumericBins + 1);
    // x = 0,1 -> bin 0 (20 points); the NaN point -> "(no value)".
    QCOMPARE(legend->data(legend->index(0), wb::MapLegendModel::CountRole).toLongLong(), 20);
    QCOMPARE(legend->data(legend->index(wb::MapColoring::kNumericBins), wb::MapLegendModel::CountRole).toLongLong(),
             1);
    QVERIFY(view_->coloring().groupOf(99) == wb::MapColoring::kNumericBins);
}

void tst_map_view::legendToggleHidesGroup()
{
    view_->setColorChannel(view_->data()->channelIndex(QStringLiteral("category")));
    auto* legend = view_->legendModel();
    QAbstractItemModelTester tester(legend, QAbstractItemModelTester::FailureReportingMode::QtTest);
    view_->selectInRect(QRectF(QPointF(0, 0), QPointF(view_->width(), view_->height())));
    QCOMPARE(view_->selection().size(), size_t(100));

    // Uncheck "B" (column x % 3 == 1) as the legend's check box does.
    QVERIFY(legend->setData(legend->index(1), Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(legend->data(legend->index(1), Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(!view_->pointColor(1).isValid());
    QCOMPARE(pixelAt(view_->pointPixel(1)), QColor(Qt::white));     // not drawn
    QCOMPARE(pixelAt(view_->pointPixel(0)), wb::MapColoring::categoryColor(0));
    QCOMPARE(view_->pointAt(view_->pointPixel(1), 2), int64_t(-1));  // not hit
    // Hidden points left the selection and cannot be selected again.
    QCOMPARE(view_->selection().size(), size_t(70));
    view_->selectInRect(QRectF(QPointF(0, 0), QPointF(view_->width(), view_->height())));
    QCOMPARE(view_->selection().size(), size_t(70));
    for (int64_t i : view_->selection())
        QVERIFY(i % 10 % 3 != 1);

    QVERIFY(legend->setData(legend->index(1), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(pixelAt(view_->pointPixel(1)), wb::MapColoring::categoryColor(1));
    QCOMPARE(view_->pointAt(view_->pointPixel(1), 2), int64_t(1));
}

void tst_map_view::rectangleSelectionSelectsExactIds()
{
    // Shift-drag from between (1,2)/(2,3) to between (4,5)/(5,6): x in 2..4, y in 3..5.
    auto pixelOf = [&](double x, double y) { return view_->transform().toPixel(x, y); };
    const QPointF from = pixelOf(1.5, 2.5), to = pixelOf(4.5, 5.5);
    QSignalSpy changed(view_.get(), &MapView::selectionChanged);
    mouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, Qt::ShiftModifier);
    mouse(QEvent::MouseMove, (from + to) / 2, Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    mouse(QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    mouse(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, Qt::ShiftModifier);
    std::vector<int64_t> expected;
    for (int y = 3; y <= 5; ++y)
        for (int x = 2; x <= 4; ++x)
            expected.push_back(1000 + y * 10 + x);
    QCOMPARE(view_->selectedItemIds(), expected);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).toLongLong(), 9);
    // With the rectangle tool no modifier is needed; a new drag replaces the selection.
    view_->setTool(MapView::Tool::Rectangle);
    mouse(QEvent::MouseButtonPress, pixelOf(-0.5, -0.5), Qt::LeftButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, pixelOf(0.5, 0.5), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(view_->selectedItemIds(), std::vector<int64_t>{1000});
}

void tst_map_view::lassoSelection()
{
    // A triangle with corners around (0,0), (6,0), (0,6): x + y <= 5 (strictly inside x + y < 6).
    auto pixelOf = [&](double x, double y) { return view_->transform().toPixel(x, y); };
    const QPointF a = pixelOf(-0.5, -0.5), b = pixelOf(5.8, -0.5), c = pixelOf(-0.5, 5.8);
    mouse(QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton, Qt::ControlModifier);
    mouse(QEvent::MouseMove, b, Qt::NoButton, Qt::LeftButton, Qt::ControlModifier);
    mouse(QEvent::MouseMove, c, Qt::NoButton, Qt::LeftButton, Qt::ControlModifier);
    mouse(QEvent::MouseButtonRelease, c, Qt::LeftButton, Qt::NoButton, Qt::ControlModifier);
    std::vector<int64_t> expected;
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x)
            if (x + y <= 5)
                expected.push_back(y * 10 + x);
    QCOMPARE(view_->selection(), expected);
}

void tst_map_view::clickEmitsRecordUnderCursor()
{
    QSignalSpy activated(view_.get(), &MapView::recordActivated);
    QSignalSpy clicked(view_.get(), &MapView::pointClicked);
    const QPointF p = view_->pointPixel(37) + QPointF(2, -1);   // a little off the centre still hits it
    mouse(QEvent::MouseButtonPress, p, Qt::LeftButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, p, Qt::LeftButton, Qt::NoButton);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 7);
    QCOMPARE(activated.at(0).at(1).toLongLong(), 1037);
    QCOMPARE(view_->currentPoint(), int64_t(37));
    // Empty space: no record, current point cleared.
    const QPointF empty = view_->transform().toPixel(3.5, 3.5);
    mouse(QEvent::MouseButtonPress, empty, Qt::LeftButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, empty, Qt::LeftButton, Qt::NoButton);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(clicked.last().at(0).toLongLong(), -1);
    QCOMPARE(view_->currentPoint(), int64_t(-1));
    // A drag pans instead of clicking.
    const QPointF before = view_->pointPixel(37);
    mouse(QEvent::MouseButtonPress, p, Qt::LeftButton, Qt::LeftButton);
    mouse(QEvent::MouseMove, p + QPointF(30, 10), Qt::NoButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, p + QPointF(30, 10), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(view_->pointPixel(37), before + QPointF(30, 10));
}

void tst_map_view::hoverShowsTruncatedText()
{
    view_->setTextProvider([](int64_t i) {
        return i == 5 ? QString(500, QChar(u'猫')) : QStringLiteral("record %1 text").arg(i);
    });
    QSignalSpy hover(view_.get(), &MapView::hoverChanged);
    mouse(QEvent::MouseMove, view_->pointPixel(42), Qt::NoButton, Qt::NoButton);
    QCOMPARE(view_->hoverPoint(), int64_t(42));
    QCOMPARE(view_->hoverText(), QStringLiteral("record 42 text"));
    mouse(QEvent::MouseMove, view_->pointPixel(5), Qt::NoButton, Qt::NoButton);
    QCOMPARE(view_->hoverText().size(), MapView::kHoverTextChars + 1);
    QVERIFY(view_->hoverText().endsWith(QStringLiteral("…")));
    mouse(QEvent::MouseMove, view_->transform().toPixel(4.5, 4.5), Qt::NoButton, Qt::NoButton);
    QCOMPARE(view_->hoverPoint(), int64_t(-1));
    QVERIFY(view_->hoverText().isEmpty());
    QCOMPARE(hover.count(), 3);
}

void tst_map_view::exportPng()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    view_->setColorChannel(0);
    const QString path = dir.filePath(QStringLiteral("map.png"));
    QVERIFY(view_->exportPng(path, QSize(800, 600)));
    QImage img(path);
    QCOMPARE(img.size(), QSize(800, 600));
    // Twice the size: the point sits at twice its pixel position.
    const QPointF p = view_->pointPixel(2) * 2;
    QCOMPARE(img.pixelColor(int(p.x()), int(p.y())), wb::MapColoring::categoryColor(2));
    QString error;
    QVERIFY(!view_->exportPng(dir.filePath(QStringLiteral("no/such/dir/map.png")), {}, &error));
    QVERIFY(error.contains(QStringLiteral("no/such/dir")));
}

void tst_map_view::zoomKeepsAnchor_data()
{
    QTest::addColumn<double>("factor");
    QTest::addColumn<QPointF>("anchor");
    QTest::newRow("in at corner") << 2.0 << QPointF(10, 20);
    QTest::newRow("out at centre") << 0.5 << QPointF(200, 150);
    QTest::newRow("far in") << 1000.0 << QPointF(333, 77);
}

void tst_map_view::zoomKeepsAnchor()
{
    QFETCH(double, factor);
    QFETCH(QPointF, anchor);
    const QPointF data = view_->transform().toData(anchor);
    const double scale = view_->transform().scale;
    view_->zoomBy(factor, anchor);
    QVERIFY(std::abs(view_->transform().scale - scale * factor) < 1e-9 * scale * factor);
    const QPointF back = view_->transform().toPixel(data.x(), data.y());
    QVERIFY2(std::abs(back.x() - anchor.x()) < 1e-6 && std::abs(back.y() - anchor.y()) < 1e-6,
             qPrintable(QStringLiteral("%1,%2").arg(back.x()).arg(back.y())));
    // Repaints at any zoom without trouble.
    QVERIFY(!view_->grab().isNull());
}

void tst_map_view::invalidDataThrows()
{
    auto d = grid();
    d->xy[21] = NAN;   // point 10's y
    try {
        view_->setData(d);
        QFAIL("no error");
    } catch (const wb::Error& e) {
        QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("point 10")));
    }
    auto e = grid();
    e->channels[0].codes[3] = 9;
    QVERIFY_THROWS_EXCEPTION(wb::Error, view_->setData(e));
    // The view still shows the good data.
    QCOMPARE(view_->pointCount(), int64_t(100));
}

QTEST_MAIN(tst_map_view)
#include "tst_map_view.moc"
