#pragma once
// Device discovery for the optional CUDA layer. Qt-free.
#include <string>
#include <vector>

namespace wb::gpu {

struct DeviceInfo {
    int index = 0;
    std::string name;
    size_t totalBytes = 0;
    size_t freeBytes = 0;
};

// Empty when CUDA is absent, no driver is loaded or no GPU is present; the
// reason goes to *why when given (e.g. "cudaGetDeviceCount: error 35").
std::vector<DeviceInfo> devices(std::string* why = nullptr);

} // namespace wb::gpu
