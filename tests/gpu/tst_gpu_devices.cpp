// Device discovery: on a machine without a GPU (or driver) the list is empty
// and a reason is given; with a GPU every device reports sane memory figures.
#include "gpu/device.h"

#include <QtTest>

class tst_gpu_devices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsDevicesOrExplainsWhyNot()
    {
        std::string why;
        const auto devs = wb::gpu::devices(&why);
        if (devs.empty()) {
            QVERIFY2(!why.empty(), "an empty device list must come with a reason");
            QSKIP(qPrintable(QString::fromStdString("no CUDA device: " + why)));
        }
        for (const auto& d : devs) {
            QVERIFY(!d.name.empty());
            QVERIFY(d.totalBytes > (size_t(1) << 28));
            QVERIFY(d.freeBytes <= d.totalBytes);
        }
    }
};

QTEST_GUILESS_MAIN(tst_gpu_devices)
#include "tst_gpu_devices.moc"
