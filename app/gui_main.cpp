// Placeholder entry point; the main window lands with the UI work.
#include <QApplication>
int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    return 0;
}
