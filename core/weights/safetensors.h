#pragma once
// safetensors (https://huggingface.co/docs/safetensors): 8-byte little-endian
// header length N, N bytes of JSON header, then the data section. Parsed from
// bytes with strict validation, so it can be fuzzed; open() maps the file and
// the views point into the mapping (zero copy).
#include "core/weights/mapped_file.h"
#include "core/weights/tensor_view.h"

#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace wb {

class SafetensorsFile {
public:
    static constexpr uint64_t kMaxHeaderBytes = 100u * 1000u * 1000u;

    // Views point into `bytes`, which must outlive the result. Every error is a
    // wb::Error starting with nameForErrors and naming the tensor at fault.
    static SafetensorsFile parse(std::span<const uint8_t> bytes, std::string nameForErrors);
    static SafetensorsFile open(const std::string& path);

    const std::string& name() const { return name_; }
    // Sorted by data offset (the order of the data section).
    const std::vector<TensorView>& tensors() const { return tensors_; }
    const TensorView* find(std::string_view tensorName) const; // nullptr if absent
    const TensorView& at(std::string_view tensorName) const;   // throws wb::Error
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

private:
    std::string name_;
    std::shared_ptr<const MappedFile> file_; // keeps the mapping alive for open()
    std::vector<TensorView> tensors_;
    std::map<std::string, size_t, std::less<>> index_;
    std::map<std::string, std::string> metadata_;
};

// Writes header JSON (keys sorted, padded with spaces to a multiple of 8) then
// the tensors' bytes in the given order, to path + ".tmp", then renames. Throws
// wb::Error naming the tensor for a duplicate name, Q8_0, or a size mismatch.
void writeSafetensors(const std::string& path, const std::vector<TensorView>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// A checkpoint split over shards by model.safetensors.index.json (its
// "weight_map" maps tensor name -> shard file name, relative to the index).
// A directory without an index but with model.safetensors opens that file.
class ShardedCheckpoint {
public:
    // `path` is a directory or the index JSON file itself.
    static ShardedCheckpoint open(const std::string& path);

    // All tensors, sorted by name; views stay valid while this object lives.
    const std::vector<TensorView>& tensors() const { return tensors_; }
    const TensorView* find(std::string_view tensorName) const;
    const TensorView& at(std::string_view tensorName) const;
    const std::vector<SafetensorsFile>& shards() const { return shards_; }

private:
    std::vector<SafetensorsFile> shards_;
    std::vector<TensorView> tensors_;
};

// Writes shards named model-0000i-of-0000n.safetensors with about
// maxShardBytes of data each (at least one tensor per shard) plus
// model.safetensors.index.json into `dir`. Returns the index path.
std::string writeShardedSafetensors(const std::string& dir, const std::vector<TensorView>& tensors,
                                    uint64_t maxShardBytes, const std::map<std::string, std::string>& metadata = {});

} // namespace wb
