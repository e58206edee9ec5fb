#include "cli.hpp"

namespace penaltyflow::cli {

arg_parser::arg_parser(const std::vector<std::string>& args, std::vector<option_spec> specs)
    : specs_(std::move(specs)) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    const option_spec* spec = nullptr;
    for (const auto& s : specs_)
      if (s.name == name) spec = &s;
    if (!spec) throw usage_error("unknown option --" + name);
    if (!spec->takes_value) {
      if (inline_value) throw usage_error("option --" + name + " takes no value");
      ++flags_[name];
      continue;
    }
    std::string v;
    if (inline_value) {
      v = *inline_value;
    } else {
      if (i + 1 >= args.size()) throw usage_error("option --" + name + " needs a value");
      v = args[++i];
    }
    auto& slot = values_[name];
    if (!slot.empty() && !spec->repeatable) throw usage_error("option --" + name + " given more than once");
    slot.push_back(std::move(v));
  }
}

std::optional<std::string> arg_parser::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

std::string arg_parser::required(const std::string& name) const {
  auto v = value(name);
  if (!v) throw usage_error("missing required option --" + name);
  return *v;
}

std::vector<std::string> arg_parser::values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

namespace {
global_options& mutable_globals() {
  static global_options g;
  return g;
}
}  // namespace

const global_options& globals() { return mutable_globals(); }
void set_globals(global_options g) { mutable_globals() = std::move(g); }

}  // namespace penaltyflow::cli
