// wipeseal-gui: the wizard. Runs as root on the wipeseal stick's kiosk session, or on any Linux
// desktop as root.
#include <QApplication>
#include <QCommandLineParser>
#include <QScreen>

#include <cstdlib>
#include <unistd.h>

#include "app/folders.h"
#include "gui/style.h"
#include "gui/wizard.h"
#include "wipe/job_record.h"
#include "words/catalogue.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("wipeseal-gui"));
  QApplication::setApplicationVersion(QString::fromLatin1(wipeseal::tool_version()));
  namespace gui = wipeseal::gui;
  namespace words = wipeseal::words;

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("wipeseal: erase the disks of this computer, prove it, sign the record"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption lang({QStringLiteral("l"), QStringLiteral("lang")}, QStringLiteral("vi (default) or en"),
                          QStringLiteral("LANG"));
  QCommandLineOption data(QStringLiteral("data-dir"),
                          QStringLiteral("the office's folder: keys, settings, register, records (default: the "
                                         "WIPESEAL-DATA partition, else the state folder)"),
                          QStringLiteral("DIR"));
  QCommandLineOption disk(QStringLiteral("disk"), QStringLiteral("also offer this disk or image file (demos, tests)"),
                          QStringLiteral("PATH"));
  QCommandLineOption only(QStringLiteral("only-named"), QStringLiteral("offer only the disks named with --disk"));
  parser.addOptions({lang, data, disk, only});
  parser.process(app);

  const char* env_lang = std::getenv("WIPESEAL_LANG");
  const std::string code = parser.isSet(lang) ? parser.value(lang).toStdString() : env_lang != nullptr ? env_lang : "vi";
  words::set_language(words::parse_language(code).value_or(words::Lang::vi));
  gui::apply_style(app);

  gui::WizardOptions options;
  if (parser.isSet(data)) {
    options.data.root = wipeseal::app::absolute_path(parser.value(data).toStdString());
    options.data.source = wipeseal::app::DataFolder::Source::environment;
  }
  for (const QString& path : parser.values(disk)) options.disks.extra.push_back(wipeseal::app::absolute_path(path.toStdString()));
  if (parser.isSet(only)) options.disks.show = [](const wipeseal::DeviceInfo&) { return false; };

  if (::geteuid() != 0 && options.disks.extra.empty()) {
    std::fprintf(stderr, "wipeseal-gui: run as root to see and erase the disks (or name image files with --disk).\n");
  }
  gui::Wizard wizard(std::move(options));
  wizard.resize(1024, 768);
  if (QScreen* screen = app.primaryScreen(); screen != nullptr && screen->availableSize().width() <= 1100) {
    wizard.showFullScreen();
  } else {
    wizard.show();
  }
  return app.exec();
}
