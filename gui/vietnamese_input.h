// Vietnamese typing on any keyboard, without an input method: Telex ("Nguyeenx" -> "Nguyễn") and
// VNI ("Nguye6n4" -> "Nguyễn"). Stateless: given the word before the cursor and the key just
// typed, it returns what the word becomes, so it works after the cursor was moved, text pasted
// or a letter deleted. Tone marks are placed by the traditional rules ("hòa", "thủy"), always as
// precomposed (NFC) letters. Pure: no widgets, unit-tested.
#pragma once

#include <QChar>
#include <QString>

#include <optional>

namespace wipeseal::gui {

enum class TypingMode { off, telex, vni };

// The word `word` (letters only, as it stands before the cursor) after typing `key`; nothing if
// the key is not part of a word (a space, punctuation) and should simply be inserted. For a
// letter that changes nothing Vietnamese, the result is `word` + `key`.
std::optional<QString> type_key(const QString& word, QChar key, TypingMode mode);

// The letters of `text` that form the word ending at `cursor` (how far back type_key looks).
int word_start(const QString& text, int cursor);

// Runs every key of `keys` through type_key as a field would: for tests and for pasting typed
// sequences. "Nguyeenx Vaawn Ana" -> "Nguyễn Văn Ana".
QString type_text(const QString& keys, TypingMode mode);

}  // namespace wipeseal::gui
