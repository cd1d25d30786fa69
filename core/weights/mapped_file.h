#pragma once
// A read-only memory map of a whole file, unmapped on destruction.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace wb {

class MappedFile {
public:
    // Throws wb::Error naming the path when it cannot be opened or mapped.
    explicit MappedFile(std::string path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&& o) noexcept;

    const std::string& path() const { return path_; }
    size_t size() const { return size_; }
    std::span<const uint8_t> bytes() const { return {data_, size_}; }

private:
    void release() noexcept;
    std::string path_;
    const uint8_t* data_ = nullptr; // null for an empty file
    size_t size_ = 0;
};

} // namespace wb
