#pragma once
// The embedding map: every point drawn (level-of-detail raster, exact circles
// when zoomed in), pan by dragging, zoom with the wheel, colour by any field
// with a legend that hides groups, hover text, click-through, rectangle and
// lasso selection, search highlights, neighbour and near-duplicate outlines,
// PNG export. Hit tests and selection go through a grid index.
#include "ui/embeddings/map_coloring.h"
#include "ui/embeddings/map_data.h"
#include "ui/embeddings/map_raster.h"
#include "ui/embeddings/spatial_index.h"

#include <QImage>
#include <QPolygonF>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

namespace wb {

class MapLegendModel;

class MapView : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Pan, Rectangle, Lasso };
    // Below this many points in view they are drawn as antialiased circles.
    static constexpr int64_t kExactPointLimit = 20000;
    static constexpr int kHoverTextChars = 300;

    explicit MapView(QWidget* parent = nullptr);
    ~MapView() override;

    // Validates (throws wb::Error), indexes and shows the points, fitted to the view.
    void setData(std::shared_ptr<MapData> data);
    const MapData* data() const { return data_.get(); }
    MapData* mutableData() { return data_.get(); }   // call refreshColors() after changing a channel
    int64_t pointCount() const { return data_ ? data_->size() : 0; }

    // ---- colour
    void setColorChannel(int channel);   // index into data()->channels, -1 = one colour
    int colorChannel() const { return channel_; }
    void refreshColors();                // the channel's values changed; keeps hidden groups hidden
    MapLegendModel* legendModel() const { return legend_; }
    void setGroupHidden(int group, bool hidden);
    const MapColoring& coloring() const { return coloring_; }
    QColor pointColor(int64_t i) const;   // invalid when hidden
    bool isPointVisible(int64_t i) const { return coloring_.visible(i); }   // false in a hidden group

    // ---- view
    void fitAll();
    void panBy(QPointF pixels);
    void zoomBy(double factor, QPointF anchor);
    const MapTransform& transform() const { return view_; }
    QPointF pointPixel(int64_t i) const;
    int64_t pointAt(QPointF pixel, double radiusPixels = 6) const;   // -1 when none (hidden points never hit)

    // ---- selection (indices into the points)
    void setTool(Tool tool) { tool_ = tool; }
    Tool tool() const { return tool_; }
    void selectInRect(const QRectF& pixels);
    void selectInPolygon(const QPolygonF& pixels);
    void setSelection(std::vector<int64_t> points);
    void clearSelection() { setSelection({}); }
    const std::vector<int64_t>& selection() const { return selection_; }
    std::vector<int64_t> selectedItemIds() const;
    int64_t currentPoint() const { return current_; }
    void setCurrentPoint(int64_t point);

    // ---- overlays
    void setHighlighted(std::vector<int64_t> points);    // search matches
    const std::vector<int64_t>& highlighted() const { return highlighted_; }
    void setNeighbours(std::vector<int64_t> points);
    void setClusters(std::vector<std::vector<int64_t>> clusters);   // near duplicates, outlined
    const std::vector<std::vector<int64_t>>& clusters() const { return clusters_; }

    // ---- text
    // Full text of a point's item for the hover tooltip (the view truncates it).
    void setTextProvider(std::function<QString(int64_t)> provider) { textProvider_ = std::move(provider); }
    int64_t hoverPoint() const { return hover_; }
    QString hoverText() const { return hoverText_; }

    // ---- output
    QImage renderImage(QSize size) const;   // the current view at another size, overlays included
    bool exportPng(const QString& path, QSize size = {}, QString* error = nullptr) const;
    qint64 framesPainted() const { return frames_; }
    const SpatialIndex& index() const { return index_; }

Q_SIGNALS:
    void pointClicked(qint64 point);                      // -1 for empty space
    void recordActivated(qint64 datasetId, qint64 recordId);   // a record's point was clicked
    void selectionChanged(qint64 count);
    void hoverChanged(qint64 point);

protected:
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void leaveEvent(QEvent* e) override;

private:
    void paintScene(QPainter& p, const MapTransform& t, const QImage& points) const;
    QImage renderPoints(const MapTransform& t) const;
    void invalidatePoints();
    void onGroupToggled(int group, bool hidden);
    void dropHiddenFromSelection();
    void setHover(int64_t point, QPoint globalPos);
    SpatialIndex::Accept visibleOnly() const;

    std::shared_ptr<MapData> data_;
    SpatialIndex index_;
    MapColoring coloring_;
    MapLegendModel* legend_ = nullptr;
    int channel_ = -1;
    MapTransform view_;
    bool fitted_ = false;

    std::vector<int64_t> selection_;      // ascending
    std::vector<int64_t> highlighted_;
    std::vector<int64_t> neighbours_;
    std::vector<std::vector<int64_t>> clusters_;
    int64_t current_ = -1;
    int64_t hover_ = -1;
    QString hoverText_;
    std::function<QString(int64_t)> textProvider_;

    Tool tool_ = Tool::Pan;
    Tool dragTool_ = Tool::Pan;
    bool dragging_ = false;
    QPointF pressPos_, lastPos_;
    QPolygonF lasso_;

    mutable QImage pointsLayer_;
    mutable MapTransform pointsLayerView_;
    mutable bool pointsLayerValid_ = false;
    qint64 frames_ = 0;
};

} // namespace wb
