package org.flowmat.dialect.snowflake.fake.translate;

import java.util.ArrayList;
import java.util.List;
import org.flowmat.dialect.snowflake.fake.translate.Token.Kind;

/** Splits Snowflake SQL into tokens, keeping every character (so unchanged SQL joins back to itself). */
public final class SqlTokenizer {
  private SqlTokenizer() {}

  public static List<Token> tokenize(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.SPACE, sql.substring(start, i)));
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '/' && i + 1 < n && sql.charAt(i + 1) == '/') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        out.add(new Token(Kind.SPACE, " "));
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.add(new Token(Kind.SPACE, " "));
      } else if (c == '\'') {
        i++;
        while (i < n) {
          char d = sql.charAt(i);
          if (d == '\\' && i + 1 < n) {
            i += 2;
          } else if (d == '\'' && i + 1 < n && sql.charAt(i + 1) == '\'') {
            i += 2;
          } else if (d == '\'') {
            i++;
            break;
          } else {
            i++;
          }
        }
        out.add(new Token(Kind.STRING, sql.substring(start, i)));
      } else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '$') {
        int end = sql.indexOf("$$", i + 2);
        i = end < 0 ? n : end + 2;
        out.add(new Token(Kind.STRING, sql.substring(start, i)));
      } else if (c == '"') {
        i++;
        while (i < n) {
          if (sql.charAt(i) == '"' && i + 1 < n && sql.charAt(i + 1) == '"') {
            i += 2;
          } else if (sql.charAt(i) == '"') {
            i++;
            break;
          } else {
            i++;
          }
        }
        out.add(new Token(Kind.QUOTED, sql.substring(start, i)));
      } else if (c == '@') {
        // A stage: everything up to whitespace, a comma, a closing parenthesis or a semicolon (quoted parts kept).
        i++;
        boolean inQuote = false;
        while (i < n) {
          char d = sql.charAt(i);
          if (d == '"') {
            inQuote = !inQuote;
          } else if (!inQuote && (Character.isWhitespace(d) || d == ',' || d == ')' || d == ';' || d == '(')) {
            break;
          }
          i++;
        }
        out.add(new Token(Kind.STAGE, sql.substring(start, i)));
      } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
        i++;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.DOLLAR, sql.substring(start, i)));
      } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.'
            || (sql.charAt(i) == 'e' || sql.charAt(i) == 'E') && i + 1 < n
            && (Character.isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+'))) {
          if (sql.charAt(i) == 'e' || sql.charAt(i) == 'E') {
            i++;
          }
          i++;
        }
        out.add(new Token(Kind.NUMBER, sql.substring(start, i)));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        out.add(new Token(Kind.WORD, sql.substring(start, i)));
      } else if (c == '?') {
        i++;
        out.add(new Token(Kind.BIND, "?"));
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        i += 2;
        out.add(new Token(Kind.SYMBOL, "::"));
      } else if (c == ':' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
          && !(lastSignificant(out) != null && lastSignificant(out).kind() == Kind.DOLLAR)) {
        i++;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.BIND, sql.substring(start, i)));
      } else {
        String two = i + 1 < n ? sql.substring(i, i + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=") || two.equals("||")
            || two.equals("=>") || two.equals("->")) {
          i += 2;
        } else {
          i++;
        }
        out.add(new Token(Kind.SYMBOL, sql.substring(start, i)));
      }
    }
    return out;
  }

  static Token lastSignificant(List<Token> tokens) {
    for (int k = tokens.size() - 1; k >= 0; k--) {
      if (tokens.get(k).kind() != Kind.SPACE) {
        return tokens.get(k);
      }
    }
    return null;
  }

  public static String join(List<Token> tokens) {
    StringBuilder b = new StringBuilder();
    for (Token t : tokens) {
      b.append(t.text());
    }
    return b.toString();
  }

  /** The tokens without spaces. */
  public static List<Token> significant(List<Token> tokens) {
    List<Token> out = new ArrayList<>();
    for (Token t : tokens) {
      if (t.kind() != Kind.SPACE) {
        out.add(t);
      }
    }
    return out;
  }
}
