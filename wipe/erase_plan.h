// Erase methods and the concrete plan a method becomes for one device: an ordered list of
// passes, each with its exact pattern (random keys and bytes already drawn), so the plan can be
// journalled before the first write and the record can say exactly what was written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wipe/error.h"
#include "wipe/pattern.h"

namespace wipeseal {

class RandomSource;

// NIST SP 800-88 sanitization categories. Overwriting is Clear; firmware purges come later.
enum class SanitizeCategory { clear, purge };
const char* category_name(SanitizeCategory category);

struct MethodInfo {
  std::string name;         // CLI name: "clear", "zero", "one", "byte:0xNN", "dod-3", "dod-7", "gutmann"
  std::string label;        // English one-line description
  SanitizeCategory category = SanitizeCategory::clear;
  bool legacy = false;      // multi-pass schemes kept for rules that demand them
  std::string reference;    // the standard or source the scheme follows
};

struct PassPlan {
  Pattern pattern;
  std::string purpose;      // why this pass exists in the scheme, e.g. "complement of pass 1"
};

struct ErasePlan {
  MethodInfo method;
  std::vector<PassPlan> passes;
};

// The methods the overwrite engine offers, in the order a user should consider them.
// `byte:0xNN` stands for any fixed byte.
std::vector<MethodInfo> overwrite_methods();

// The name used when none is given.
inline constexpr std::string_view kDefaultMethod = "clear";

// Builds the plan for `method_name`, drawing keys, IVs and random characters from `random`.
// Fails with invalid_input, naming the known methods, if the name is unknown.
Result<ErasePlan> make_erase_plan(std::string_view method_name, RandomSource& random);

}  // namespace wipeseal
