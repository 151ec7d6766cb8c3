/// The language flowcause writes its sentences in.
///
/// Only sentences change with it: JSON keys, causes, codes, ids and rule numbers never do.
public enum Language: String, CaseIterable, Sendable {
  /// English, the default.
  case en
  /// Japanese, with AWS's Japanese documentation's terms (docs/ja/glossary.md).
  case ja

  /// Where a language came from, for a warning about a value that is not one.
  public enum Source: Equatable, Sendable {
    case option
    case environment(String)
  }

  /// The language chosen: `--lang` (`option`), else `FLOWCAUSE_LANG`, else the locale of
  /// messages as POSIX orders it (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first that is
  /// set and not empty); English otherwise.
  ///
  /// A locale names Japanese when its language part is `ja` (`ja_JP.UTF-8`, `ja_JP`, `ja`);
  /// any other locale (`C`, `POSIX`, `en_US.UTF-8`, `de_DE`) is English. An `option` or
  /// `FLOWCAUSE_LANG` that is not `en` or `ja` (case aside) is returned as `rejected`: the
  /// option is a usage error, the variable a warning, and the locale decides.
  public static func resolve(
    option: String?, environment: [String: String]
  ) -> (language: Language, rejected: (source: Source, value: String)?) {
    if let option {
      guard let language = Language(identifier: option) else {
        return (fromLocale(environment), (.option, option))
      }
      return (language, nil)
    }
    if let value = environment["FLOWCAUSE_LANG"], !value.isEmpty {
      guard let language = Language(identifier: value) else {
        return (fromLocale(environment), (.environment("FLOWCAUSE_LANG"), value))
      }
      return (language, nil)
    }
    return (fromLocale(environment), nil)
  }

  /// `ja`, `en`, or a locale of either (`ja_JP.UTF-8`, `en-US`), case aside; `nil` otherwise.
  public init?(identifier: String) {
    let part = identifier.prefix { $0 != "_" && $0 != "." && $0 != "@" && $0 != "-" }
    guard let language = Language(rawValue: part.lowercased()) else { return nil }
    self = language
  }

  /// The language of the locale of messages: `LC_ALL`, `LC_MESSAGES`, `LANG`.
  static func fromLocale(_ environment: [String: String]) -> Language {
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let value = environment[name], !value.isEmpty else { continue }
      let language = value.prefix { $0 != "_" && $0 != "." && $0 != "@" && $0 != "-" }
      return language.lowercased() == "ja" ? .ja : .en
    }
    return .en
  }
}
