#include "gui/vietnamese_input.h"

#include <array>
#include <vector>

namespace wipeseal::gui {
namespace {

enum class Mark { none, circumflex, breve, horn, stroke };
enum class Tone { none, acute, grave, hook, tilde, dot };

// Unicode combining marks: the vowel shapes and the five tones.
constexpr char16_t kCircumflex = 0x0302, kBreve = 0x0306, kHorn = 0x031B;
constexpr std::array<char16_t, 6> kToneMark = {0, 0x0301, 0x0300, 0x0309, 0x0303, 0x0323};

// One letter taken apart: its base (lower case), its vowel mark, its tone, its case.
struct Letter {
  QChar base;
  Mark mark = Mark::none;
  Tone tone = Tone::none;
  bool upper = false;
};

bool is_vowel(QChar base) { return QStringLiteral("aeiouy").contains(base); }

Letter split(QChar c) {
  Letter l;
  l.upper = c.isUpper();
  const QChar lower = c.toLower();
  if (lower == QChar(0x0111)) {  // đ does not decompose
    l.base = QChar('d');
    l.mark = Mark::stroke;
    return l;
  }
  const QString d = QString(lower).normalized(QString::NormalizationForm_D);
  l.base = d.isEmpty() ? lower : d[0];
  for (int i = 1; i < d.size(); ++i) {
    const char16_t m = d[i].unicode();
    if (m == kCircumflex) l.mark = Mark::circumflex;
    else if (m == kBreve) l.mark = Mark::breve;
    else if (m == kHorn) l.mark = Mark::horn;
    for (std::size_t t = 1; t < kToneMark.size(); ++t) {
      if (m == kToneMark[t]) l.tone = static_cast<Tone>(t);
    }
  }
  return l;
}

QString join(const Letter& l) {
  if (l.base == QChar('d') && l.mark == Mark::stroke) return QString(l.upper ? QChar(0x0110) : QChar(0x0111));
  QString s(l.base);
  if (l.mark == Mark::circumflex) s += QChar(kCircumflex);
  if (l.mark == Mark::breve) s += QChar(kBreve);
  if (l.mark == Mark::horn) s += QChar(kHorn);
  if (l.tone != Tone::none) s += QChar(kToneMark[static_cast<std::size_t>(l.tone)]);
  s = s.normalized(QString::NormalizationForm_C);
  return l.upper ? s.toUpper() : s;
}

using Word = std::vector<Letter>;

Word split_word(const QString& word) {
  Word w;
  for (QChar c : word) w.push_back(split(c));
  return w;
}

QString join_word(const Word& w) {
  QString s;
  for (const Letter& l : w) s += join(l);
  return s;
}

// The vowels that carry the syllable: "qu" and "gi" (before another vowel) are consonants.
std::vector<std::size_t> vowel_cluster(const Word& w) {
  std::vector<std::size_t> v;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!is_vowel(w[i].base)) {
      if (!v.empty()) break;  // the cluster ended: a final consonant follows
      continue;
    }
    if (i == 1 && w[0].base == QChar('q') && w[i].base == QChar('u')) continue;
    if (i == 1 && w[0].base == QChar('g') && w[i].base == QChar('i') && i + 1 < w.size() && is_vowel(w[i + 1].base)) {
      continue;
    }
    v.push_back(i);
  }
  return v;
}

// Could `w` be (the start of) one Vietnamese syllable: an initial consonant, one to three
// vowels, a final consonant? Words that cannot ("Internet", "TS-2024") are left as typed.
bool plausible(const Word& w) {
  static const std::array<const char*, 27> kInitials = {"",  "b",  "c",  "ch", "d",  "g",  "gh", "gi", "h",
                                                        "k", "kh", "l",  "m",  "n",  "ng", "ngh", "nh", "p",
                                                        "ph", "q", "qu", "r",  "s",  "t",  "th", "tr", "v"};
  static const std::array<const char*, 9> kFinals = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
  std::size_t i = 0;
  QString initial;
  while (i < w.size() && !is_vowel(w[i].base)) initial += w[i++].base;
  if (initial == QStringLiteral("q") && i < w.size() && w[i].base == QChar('u')) initial += w[i++].base;
  if (initial == QStringLiteral("g") && i + 1 < w.size() && w[i].base == QChar('i') && is_vowel(w[i + 1].base)) {
    initial += w[i++].base;
  }
  bool known = initial == QStringLiteral("x");
  for (const char* c : kInitials) known = known || initial == QLatin1String(c);
  if (!known) return false;
  std::size_t vowels = 0;
  while (i < w.size() && is_vowel(w[i].base)) {
    ++vowels;
    ++i;
  }
  if (vowels > 3) return false;
  QString final_consonant;
  while (i < w.size()) {
    if (is_vowel(w[i].base)) return false;
    final_consonant += w[i++].base;
  }
  if (vowels == 0) return final_consonant.isEmpty();
  for (const char* c : kFinals) {
    if (final_consonant == QLatin1String(c)) return true;
  }
  return false;
}

Tone word_tone(const Word& w) {
  for (const Letter& l : w) {
    if (l.tone != Tone::none) return l.tone;
  }
  return Tone::none;
}

// Where the tone goes (traditional rules): on the shaped vowel (ơ of ươ); else the only vowel;
// else the middle of three; else, of two, the second before a final consonant ("hoàn") and the
// first at the end of the word ("hòa", "thủy", "mùa").
std::optional<std::size_t> tone_position(const Word& w) {
  const auto v = vowel_cluster(w);
  if (v.empty()) return std::nullopt;
  std::optional<std::size_t> shaped;
  for (std::size_t i : v) {
    if (w[i].mark == Mark::none) continue;
    if (shaped && w[*shaped].base == QChar('u') && w[*shaped].mark == Mark::horn && w[i].base == QChar('o')) {
      shaped = i;  // ươ: on ơ
    } else if (!shaped || w[*shaped].base != QChar('u') || w[*shaped].mark != Mark::horn) {
      shaped = i;
    }
  }
  if (shaped) return shaped;
  if (v.size() == 1) return v[0];
  if (v.size() >= 3) return v[1];
  const bool final_consonant = v.back() + 1 < w.size();
  return final_consonant ? v[1] : v[0];
}

void set_tone(Word& w, Tone tone) {
  for (Letter& l : w) l.tone = Tone::none;
  if (tone == Tone::none) return;
  if (auto at = tone_position(w)) w[*at].tone = tone;
}

Letter plain(QChar key) { return Letter{key.toLower(), Mark::none, Tone::none, key.isUpper()}; }

// The result of typing a plain letter: appended, the tone moved if the syllable changed shape.
QString append(Word w, QChar key) {
  const Tone tone = word_tone(w);
  w.push_back(plain(key));
  set_tone(w, tone);
  return join_word(w);
}

QString apply_tone(Word w, Tone tone, QChar key) {
  if (vowel_cluster(w).empty()) return append(std::move(w), key);
  if (word_tone(w) == tone) {  // typed twice: undo, and the key stands as a letter
    set_tone(w, Tone::none);
    return append(std::move(w), key);
  }
  set_tone(w, tone);
  return join_word(w);
}

// â ê ô (aa ee oo, or VNI 6): on the nearest vowel of that kind in the cluster.
QString apply_circumflex(Word w, QChar key, bool vni) {
  const Tone tone = word_tone(w);
  const auto v = vowel_cluster(w);
  for (auto it = v.rbegin(); it != v.rend(); ++it) {
    Letter& l = w[*it];
    const bool fits = vni ? QStringLiteral("aeo").contains(l.base) : l.base == key.toLower();
    if (!fits) continue;
    if (l.mark == Mark::circumflex) {  // typed again: undo
      l.mark = Mark::none;
      return append(std::move(w), key);
    }
    l.mark = Mark::circumflex;
    set_tone(w, tone);
    return join_word(w);
  }
  return append(std::move(w), key);
}

// ă ơ ư (aw ow uw, uow -> ươ; VNI 7 horn, 8 breve). In Telex a w after a consonant is ư ("Hwng").
QString apply_hook(Word w, QChar key, bool horn, bool breve, bool telex) {
  const Tone tone = word_tone(w);
  const auto v = vowel_cluster(w);
  if (telex && v.empty()) {
    w.push_back(Letter{QChar('u'), Mark::horn, Tone::none, key.isUpper()});
    return join_word(w);
  }
  // "uo" takes the horn on both: ươ.
  for (std::size_t k = 0; horn && k + 1 < v.size(); ++k) {
    Letter& u = w[v[k]];
    Letter& o = w[v[k + 1]];
    if (u.base == QChar('u') && o.base == QChar('o') && u.mark == Mark::none && o.mark == Mark::none) {
      u.mark = o.mark = Mark::horn;
      set_tone(w, tone);
      return join_word(w);
    }
  }
  for (auto it = v.rbegin(); it != v.rend(); ++it) {
    Letter& l = w[*it];
    const bool horn_fits = horn && (l.base == QChar('o') || l.base == QChar('u'));
    const bool breve_fits = breve && l.base == QChar('a');
    if (!horn_fits && !breve_fits) continue;
    const Mark want = horn_fits ? Mark::horn : Mark::breve;
    if (l.mark == want) {  // typed again: undo
      for (std::size_t i : v) {
        if (w[i].mark == want) w[i].mark = Mark::none;
      }
      return append(std::move(w), key);
    }
    l.mark = want;
    set_tone(w, tone);
    return join_word(w);
  }
  return append(std::move(w), key);
}

// đ (dd, or VNI 9): only the word's first letter.
QString apply_stroke(Word w, QChar key, bool vni) {
  if (!w.empty() && w[0].base == QChar('d') && (vni || key.toLower() == QChar('d'))) {
    if (w[0].mark == Mark::stroke) {
      w[0].mark = Mark::none;
      return append(std::move(w), key);
    }
    w[0].mark = Mark::stroke;
    return join_word(w);
  }
  return append(std::move(w), key);
}

bool is_word_letter(QChar c) { return c.isLetter(); }

}  // namespace

int word_start(const QString& text, int cursor) {
  int start = cursor;
  while (start > 0 && is_word_letter(text[start - 1])) --start;
  return start;
}

std::optional<QString> type_key(const QString& word, QChar key, TypingMode mode) {
  const QChar k = key.toLower();
  const bool letter = key.isLetter() && key.unicode() < 0x80;
  if (mode == TypingMode::off) return letter ? std::optional<QString>(word + key) : std::nullopt;
  Word w = split_word(word);
  if (mode == TypingMode::telex) {
    if (!letter) return std::nullopt;
    if (w.empty()) return QString(key);
    if (!plausible(w)) return word + key;
    switch (k.unicode()) {
      case 's': return apply_tone(std::move(w), Tone::acute, key);
      case 'f': return apply_tone(std::move(w), Tone::grave, key);
      case 'r': return apply_tone(std::move(w), Tone::hook, key);
      case 'x': return apply_tone(std::move(w), Tone::tilde, key);
      case 'j': return apply_tone(std::move(w), Tone::dot, key);
      case 'z':
        if (word_tone(w) != Tone::none) {
          set_tone(w, Tone::none);
          return join_word(w);
        }
        return append(std::move(w), key);
      case 'a':
      case 'e':
      case 'o': return apply_circumflex(std::move(w), key, false);
      case 'w': return apply_hook(std::move(w), key, true, true, true);
      case 'd': return apply_stroke(std::move(w), key, false);
      default: return append(std::move(w), key);
    }
  }
  // VNI: digits after letters shape the word; elsewhere they are digits.
  if (letter) return w.empty() ? QString(key) : append(std::move(w), key);
  if (!key.isDigit() || w.empty() || !plausible(w)) return std::nullopt;
  switch (key.unicode()) {
    case '1': return apply_tone(std::move(w), Tone::acute, key);
    case '2': return apply_tone(std::move(w), Tone::grave, key);
    case '3': return apply_tone(std::move(w), Tone::hook, key);
    case '4': return apply_tone(std::move(w), Tone::tilde, key);
    case '5': return apply_tone(std::move(w), Tone::dot, key);
    case '6': return apply_circumflex(std::move(w), key, true);
    case '7': return apply_hook(std::move(w), key, true, false, false);
    case '8': return apply_hook(std::move(w), key, false, true, false);
    case '9': return apply_stroke(std::move(w), key, true);
    case '0':
      if (word_tone(w) != Tone::none) {
        set_tone(w, Tone::none);
        return join_word(w);
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

QString type_text(const QString& keys, TypingMode mode) {
  QString text;
  for (QChar key : keys) {
    const int start = word_start(text, static_cast<int>(text.size()));
    if (auto word = type_key(text.mid(start), key, mode)) {
      text = text.left(start) + *word;
    } else {
      text += key;
    }
  }
  return text;
}

}  // namespace wipeseal::gui
