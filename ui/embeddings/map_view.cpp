#include "ui/embeddings/map_view.h"

#include "ui/embeddings/map_legend_model.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace wb {

namespace {
constexpr uint32_t kBackground = 0xffffffff;
constexpr uint32_t kHighlight = 0xffff00ff;   // search matches: a magenta rim
constexpr uint32_t kSelected = 0xff000000;    // selection: a black rim
constexpr double kClickSlop = 4.0;            // pixels a press may move and still be a click
} // namespace

MapView::MapView(QWidget* parent) : QWidget(parent), legend_(new MapLegendModel(this))
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    connect(legend_, &MapLegendModel::groupToggled, this, &MapView::onGroupToggled);
    coloring_.assign(nullptr, 0);
    legend_->setEntries(coloring_.entries());
}

MapView::~MapView() = default;

void MapView::setData(std::shared_ptr<MapData> data)
{
    if (data)
        data->validate();
    data_ = std::move(data);
    const int64_t n = pointCount();
    index_.build(data_ ? data_->xy.data() : nullptr, n);
    selection_.clear();
    highlighted_.clear();
    neighbours_.clear();
    clusters_.clear();
    current_ = hover_ = -1;
    hoverText_.clear();
    channel_ = -1;
    coloring_.assign(nullptr, n);
    legend_->setEntries(coloring_.entries());
    fitAll();
    // A view not shown yet has no real size: fit again at the first resize.
    fitted_ = isVisible();
    Q_EMIT selectionChanged(0);
}

void MapView::setColorChannel(int channel)
{
    if (!data_ || channel < 0 || channel >= int(data_->channels.size()))
        channel = -1;
    channel_ = channel;
    coloring_.assign(channel >= 0 ? &data_->channels[size_t(channel)] : nullptr, pointCount());
    legend_->setEntries(coloring_.entries());
    invalidatePoints();
}

void MapView::refreshColors()
{
    std::vector<bool> hidden;
    for (const auto& e : coloring_.entries())
        hidden.push_back(e.hidden);
    const bool sameGroups = hidden.size() == coloring_.entries().size();
    setColorChannel(channel_);
    if (sameGroups && hidden.size() == coloring_.entries().size()) {
        for (size_t g = 0; g < hidden.size(); ++g)
            coloring_.setHidden(int(g), hidden[g]);
        legend_->setEntries(coloring_.entries());
        dropHiddenFromSelection();
    }
}

void MapView::setGroupHidden(int group, bool hidden)
{
    coloring_.setHidden(group, hidden);
    legend_->setEntries(coloring_.entries());
    dropHiddenFromSelection();
    if (hover_ >= 0 && !coloring_.visible(hover_))
        setHover(-1, {});
    invalidatePoints();
}

void MapView::onGroupToggled(int group, bool hidden)
{
    setGroupHidden(group, hidden);
}

void MapView::dropHiddenFromSelection()
{
    const size_t before = selection_.size();
    std::erase_if(selection_, [&](int64_t i) { return !coloring_.visible(i); });
    std::erase_if(highlighted_, [&](int64_t i) { return !coloring_.visible(i); });
    if (selection_.size() != before)
        Q_EMIT selectionChanged(qint64(selection_.size()));
}

QColor MapView::pointColor(int64_t i) const
{
    if (i < 0 || i >= pointCount() || !coloring_.visible(i))
        return {};
    return QColor::fromRgba(coloring_.colors()[size_t(i)]);
}

SpatialIndex::Accept MapView::visibleOnly() const
{
    return [this](int64_t i) { return coloring_.visible(i); };
}

// ---- view

void MapView::fitAll()
{
    view_.width = std::max(width(), 1);
    view_.height = std::max(height(), 1);
    if (pointCount() == 0) {
        view_.cx = view_.cy = 0;
        view_.scale = 1;
    } else {
        view_.cx = (double(index_.minX()) + index_.maxX()) / 2;
        view_.cy = (double(index_.minY()) + index_.maxY()) / 2;
        const double w = std::max<double>(index_.maxX() - index_.minX(), 1e-6);
        const double h = std::max<double>(index_.maxY() - index_.minY(), 1e-6);
        view_.scale = 0.92 * std::min(view_.width / w, view_.height / h);
    }
    invalidatePoints();
}

void MapView::panBy(QPointF pixels)
{
    view_.cx -= pixels.x() / view_.scale;
    view_.cy += pixels.y() / view_.scale;
    update();
}

void MapView::zoomBy(double factor, QPointF anchor)
{
    if (!(factor > 0))
        return;
    // Keep the data point under the anchor where it is.
    const QPointF before = view_.toData(anchor);
    view_.scale = std::clamp(view_.scale * factor, 1e-9, 1e12);
    const QPointF after = view_.toData(anchor);
    view_.cx += before.x() - after.x();
    view_.cy += before.y() - after.y();
    update();
}

QPointF MapView::pointPixel(int64_t i) const
{
    return view_.toPixel(data_->xy[size_t(2 * i)], data_->xy[size_t(2 * i + 1)]);
}

int64_t MapView::pointAt(QPointF pixel, double radiusPixels) const
{
    if (pointCount() == 0)
        return -1;
    const QPointF d = view_.toData(pixel);
    return index_.nearest(float(d.x()), float(d.y()), float(radiusPixels / view_.scale), visibleOnly());
}

// ---- selection

void MapView::selectInRect(const QRectF& pixels)
{
    const QRectF r = pixels.normalized();
    const QPointF a = view_.toData(r.bottomLeft()), b = view_.toData(r.topRight());
    setSelection(index_.inRect(float(a.x()), float(a.y()), float(b.x()), float(b.y()), visibleOnly()));
}

void MapView::selectInPolygon(const QPolygonF& pixels)
{
    std::vector<std::pair<float, float>> poly;
    for (const QPointF& p : pixels) {
        const QPointF d = view_.toData(p);
        poly.emplace_back(float(d.x()), float(d.y()));
    }
    setSelection(index_.inPolygon(poly, visibleOnly()));
}

void MapView::setSelection(std::vector<int64_t> points)
{
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    std::erase_if(points, [&](int64_t i) { return i < 0 || i >= pointCount() || !coloring_.visible(i); });
    selection_ = std::move(points);
    invalidatePoints();
    Q_EMIT selectionChanged(qint64(selection_.size()));
}

std::vector<int64_t> MapView::selectedItemIds() const
{
    std::vector<int64_t> ids;
    ids.reserve(selection_.size());
    for (int64_t i : selection_)
        ids.push_back(data_->itemIds[size_t(i)]);
    return ids;
}

void MapView::setCurrentPoint(int64_t point)
{
    current_ = point >= 0 && point < pointCount() ? point : -1;
    update();
}

void MapView::setHighlighted(std::vector<int64_t> points)
{
    std::erase_if(points, [&](int64_t i) { return i < 0 || i >= pointCount(); });
    highlighted_ = std::move(points);
    invalidatePoints();
}

void MapView::setNeighbours(std::vector<int64_t> points)
{
    neighbours_ = std::move(points);
    update();
}

void MapView::setClusters(std::vector<std::vector<int64_t>> clusters)
{
    clusters_ = std::move(clusters);
    update();
}

// ---- painting

void MapView::invalidatePoints()
{
    pointsLayerValid_ = false;
    update();
}

QImage MapView::renderPoints(const MapTransform& t) const
{
    QImage img(t.width, t.height, QImage::Format_ARGB32_Premultiplied);
    img.fill(kBackground);
    const int64_t n = pointCount();
    if (n == 0)
        return img;
    const QPointF lo = t.toData(QPointF(0, t.height)), hi = t.toData(QPointF(t.width, 0));
    const int64_t inView = index_.countInRectApprox(float(lo.x()), float(lo.y()), float(hi.x()), float(hi.y()));
    const float* xy = data_->xy.data();
    const uint32_t* colors = coloring_.colors().data();

    if (inView <= kExactPointLimit) {
        // Zoomed in: exact antialiased circles, rims for matches and selection.
        const double pad = 8 / t.scale;
        const auto shown = index_.inRect(float(lo.x() - pad), float(lo.y() - pad), float(hi.x() + pad),
                                         float(hi.y() + pad), visibleOnly());
        std::vector<char> selected(size_t(n), 0), matched;
        for (int64_t i : selection_)
            selected[size_t(i)] = 1;
        if (!highlighted_.empty()) {
            matched.assign(size_t(n), 0);
            for (int64_t i : highlighted_)
                matched[size_t(i)] = 1;
        }
        const double r = inView < 2000 ? 4.0 : 3.0;
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing);
        for (int64_t i : shown) {
            const QPointF c = t.toPixel(xy[2 * i], xy[2 * i + 1]);
            const bool isSel = selected[size_t(i)], isMatch = !matched.empty() && matched[size_t(i)];
            p.setPen(isSel ? QPen(QColor::fromRgba(kSelected), 2)
                           : isMatch ? QPen(QColor::fromRgba(kHighlight), 2) : QPen(QColor(0, 0, 0, 60), 0.8));
            p.setBrush(QColor::fromRgba(colors[i]));
            p.drawEllipse(c, r, r);
        }
        return img;
    }
    // Level of detail: the square a point covers shrinks as points crowd.
    const double perPixel = double(inView) / (double(t.width) * t.height);
    const int size = perPixel > 0.25 ? 1 : perPixel > 0.05 ? 2 : 3;
    rasterPoints(img, t, xy, colors, n, size);
    if (!highlighted_.empty()) {
        rasterPoints(img, t, xy, colors, int64_t(highlighted_.size()), size + 2, highlighted_.data(), kHighlight);
        rasterPoints(img, t, xy, colors, int64_t(highlighted_.size()), size, highlighted_.data());
    }
    if (!selection_.empty()) {
        rasterPoints(img, t, xy, colors, int64_t(selection_.size()), size + 2, selection_.data(), kSelected);
        rasterPoints(img, t, xy, colors, int64_t(selection_.size()), size, selection_.data());
    }
    return img;
}

void MapView::paintScene(QPainter& p, const MapTransform& t, const QImage& points) const
{
    p.drawImage(0, 0, points);
    if (!data_)
        return;
    p.setRenderHint(QPainter::Antialiasing);
    auto pixel = [&](int64_t i) { return t.toPixel(data_->xy[size_t(2 * i)], data_->xy[size_t(2 * i + 1)]); };
    // Near-duplicate clusters: a circle around each group's members.
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(220, 30, 30, 200), 1.5, Qt::DashLine));
    const QRectF viewRect(0, 0, t.width, t.height);
    for (const auto& cluster : clusters_) {
        if (cluster.empty())
            continue;
        QPointF c(0, 0);
        for (int64_t i : cluster)
            c += pixel(i);
        c /= double(cluster.size());
        double r = 0;
        for (int64_t i : cluster) {
            const QPointF d = pixel(i) - c;
            r = std::max(r, std::hypot(d.x(), d.y()));
        }
        r += 6;
        if (viewRect.adjusted(-r, -r, r, r).contains(c))
            p.drawEllipse(c, r, r);
    }
    if (current_ >= 0) {
        const QPointF c = pixel(current_);
        p.setPen(QPen(QColor(255, 140, 0), 1.2));
        for (int64_t i : neighbours_) {
            const QPointF q = pixel(i);
            p.drawLine(c, q);
            p.drawEllipse(q, 5, 5);
        }
        p.setPen(QPen(Qt::black, 2.5));
        p.drawEllipse(c, 7, 7);
    }
    if (hover_ >= 0) {
        p.setPen(QPen(QColor(0, 0, 0, 160), 1.5));
        p.drawEllipse(pixel(hover_), 6, 6);
    }
}

void MapView::paintEvent(QPaintEvent*)
{
    ++frames_;
    view_.width = std::max(width(), 1);
    view_.height = std::max(height(), 1);
    if (!pointsLayerValid_ || !(pointsLayerView_ == view_)) {
        pointsLayer_ = renderPoints(view_);
        pointsLayerView_ = view_;
        pointsLayerValid_ = true;
    }
    QPainter p(this);
    paintScene(p, view_, pointsLayer_);
    if (dragging_ && dragTool_ != Tool::Pan) {
        p.setPen(QPen(palette().highlight().color(), 1, Qt::DashLine));
        p.setBrush(QColor(0, 120, 215, 40));
        if (dragTool_ == Tool::Rectangle)
            p.drawRect(QRectF(pressPos_, lastPos_).normalized());
        else
            p.drawPolygon(lasso_);
    }
}

QImage MapView::renderImage(QSize size) const
{
    if (!size.isValid() || size.isEmpty())
        size = QSize(std::max(width(), 1), std::max(height(), 1));
    MapTransform t = view_;
    t.width = size.width();
    t.height = size.height();
    t.scale *= std::min(double(size.width()) / std::max(view_.width, 1), double(size.height()) / std::max(view_.height, 1));
    QImage img = renderPoints(t);
    QPainter p(&img);
    paintScene(p, t, QImage());
    return img;
}

bool MapView::exportPng(const QString& path, QSize size, QString* error) const
{
    const QImage img = renderImage(size);
    if (img.save(path, "PNG"))
        return true;
    if (error)
        *error = tr("Cannot write the image %1.").arg(path);
    return false;
}

void MapView::resizeEvent(QResizeEvent*)
{
    if (!fitted_ && pointCount() > 0 && width() > 1) {
        fitted_ = true;
        fitAll();
    }
    invalidatePoints();
}

// ---- mouse and keys

void MapView::mousePressEvent(QMouseEvent* e)
{
    if (e->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(e);
    dragging_ = true;
    pressPos_ = lastPos_ = e->position();
    dragTool_ = tool_;
    if (e->modifiers() & Qt::ShiftModifier)
        dragTool_ = Tool::Rectangle;
    else if (e->modifiers() & Qt::ControlModifier)
        dragTool_ = Tool::Lasso;
    lasso_ = QPolygonF{pressPos_};
    if (dragTool_ == Tool::Pan)
        setCursor(Qt::ClosedHandCursor);
}

void MapView::mouseMoveEvent(QMouseEvent* e)
{
    const QPointF pos = e->position();
    if (!dragging_) {
        setHover(pointAt(pos), e->globalPosition().toPoint());
        return;
    }
    switch (dragTool_) {
    case Tool::Pan:
        panBy(pos - lastPos_);
        break;
    case Tool::Rectangle:
        update();
        break;
    case Tool::Lasso:
        lasso_ << pos;
        update();
        break;
    }
    lastPos_ = pos;
}

void MapView::mouseReleaseEvent(QMouseEvent* e)
{
    if (e->button() != Qt::LeftButton || !dragging_)
        return QWidget::mouseReleaseEvent(e);
    dragging_ = false;
    unsetCursor();
    const QPointF pos = e->position();
    const QPointF moved = pos - pressPos_;
    if (std::abs(moved.x()) + std::abs(moved.y()) <= kClickSlop) {
        const int64_t hit = pointAt(pos);
        setCurrentPoint(hit);
        Q_EMIT pointClicked(hit);
        if (hit >= 0 && data_->kind == MapItemKind::Record)
            Q_EMIT recordActivated(data_->datasetIds.empty() ? 0 : data_->datasetIds[size_t(hit)],
                                   data_->itemIds[size_t(hit)]);
    } else if (dragTool_ == Tool::Rectangle) {
        selectInRect(QRectF(pressPos_, pos));
    } else if (dragTool_ == Tool::Lasso) {
        lasso_ << pos;
        selectInPolygon(lasso_);
    }
    lasso_.clear();
    update();
}

void MapView::wheelEvent(QWheelEvent* e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(1.25, steps), e->position());
    e->accept();
}

void MapView::keyPressEvent(QKeyEvent* e)
{
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (e->key()) {
    case Qt::Key_Escape:
        clearSelection();
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25, centre);
        break;
    case Qt::Key_Minus:
        zoomBy(0.8, centre);
        break;
    case Qt::Key_0:
        fitAll();
        break;
    default:
        QWidget::keyPressEvent(e);
    }
}

void MapView::leaveEvent(QEvent*)
{
    setHover(-1, {});
}

void MapView::setHover(int64_t point, QPoint globalPos)
{
    if (point == hover_)
        return;
    hover_ = point;
    hoverText_.clear();
    if (point >= 0) {
        QString text = textProvider_ ? textProvider_(point) : QString();
        if (text.isEmpty())
            text = tr("Item %1").arg(data_->itemIds[size_t(point)]);
        if (text.size() > kHoverTextChars)
            text = text.left(kHoverTextChars) + QStringLiteral("…");
        hoverText_ = text;
        QToolTip::showText(globalPos, hoverText_, this);
    } else {
        QToolTip::hideText();
    }
    update();
    Q_EMIT hoverChanged(point);
}

} // namespace wb
