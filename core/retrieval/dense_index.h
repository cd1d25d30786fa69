#pragma once
// Nearest neighbours by inner product over L2-normalised vectors (= cosine).
// Below `exactThreshold` vectors it searches exactly (brute force over a
// contiguous matrix); from there on it builds an hnswlib graph (M=16,
// ef_construction=200, threads in parallel). Ids are int64 item ids (chunk
// ids). Supports adding and deleting (hnswlib markDelete) after the build, and
// saving/loading the graph (see chunk_index_cache.h for the checked cache
// file). Qt-free, LibTorch-free.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wb {

struct DenseHit {
    int64_t id = 0;
    float score = 0;   // inner product, higher is closer
};

struct DenseIndexOptions {
    size_t exactThreshold = 20000;   // fewer vectors: exact search, no graph
    int m = 16;
    int efConstruction = 200;
    int efSearch = 128;              // raised to k when k is larger
    int threads = 0;                 // 0: hardware concurrency
};

// Exact top-k of `query` against rows of `data` ([n, dim]); best first. Ties by id.
std::vector<DenseHit> exactSearch(const float* data, const int64_t* ids, size_t n, int dim, const float* query,
                                  int k);

class DenseIndex {
public:
    DenseIndex(int dim, DenseIndexOptions options = {});
    ~DenseIndex();
    DenseIndex(const DenseIndex&) = delete;
    DenseIndex& operator=(const DenseIndex&) = delete;

    int dim() const { return dim_; }
    size_t size() const;           // live vectors
    bool usesGraph() const;        // hnswlib, else exact
    const DenseIndexOptions& options() const { return options_; }
    void setEfSearch(int ef);

    // Replaces the contents: ids.size() rows of dim floats. Chooses exact or graph by size.
    void build(const std::vector<int64_t>& ids, const float* data);
    // Adds (or replaces) vectors; an exact index turns into a graph when it grows past the threshold.
    void add(const std::vector<int64_t>& ids, const float* data);
    // Unknown ids are ignored. A graph marks them deleted.
    void remove(const std::vector<int64_t>& ids);
    std::vector<int64_t> ids() const;   // live ids, ascending

    std::vector<DenseHit> search(const float* query, int k) const;

    // Graph indexes only: hnswlib's own file format. load() throws wb::Error
    // naming the file when hnswlib rejects it (check the file's checksum first:
    // hnswlib trusts the bytes it reads).
    void saveGraph(const std::string& path) const;
    static std::unique_ptr<DenseIndex> loadGraph(const std::string& path, int dim, DenseIndexOptions options = {});

private:
    struct Graph;
    int dim_;
    DenseIndexOptions options_;
    // Exact mode.
    std::vector<int64_t> exactIds_;   // ascending
    std::vector<float> exactData_;    // [n, dim]
    std::unique_ptr<Graph> graph_;
    void buildGraph(const std::vector<int64_t>& ids, const float* data);
    void addToGraph(const std::vector<int64_t>& ids, const float* data);
};

} // namespace wb
