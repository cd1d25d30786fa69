#include "gpu/device.h"

#include <cuda_runtime_api.h>

namespace wb::gpu {

std::vector<DeviceInfo> devices(std::string* why)
{
    std::vector<DeviceInfo> out;
    int n = 0;
    cudaError_t err = cudaGetDeviceCount(&n);
    if (err != cudaSuccess) {
        if (why)
            *why = "cudaGetDeviceCount: error " + std::to_string(int(err)) + " (" + cudaGetErrorString(err) + ")";
        return out;
    }
    for (int i = 0; i < n; ++i) {
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) != cudaSuccess)
            continue;
        DeviceInfo d;
        d.index = i;
        d.name = prop.name;
        d.totalBytes = prop.totalGlobalMem;
        if (cudaSetDevice(i) == cudaSuccess)
            cudaMemGetInfo(&d.freeBytes, &d.totalBytes);
        out.push_back(d);
    }
    return out;
}

} // namespace wb::gpu
