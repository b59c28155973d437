import Testing
import TrailRules

/// Every refusal names the character position and the problem.
@Suite struct FilterPatternErrorTests {
    static let cases: [ErrorCase] = [
        // Terms.
        ErrorCase(
            "ERROR:",
            5,
            "':' is not allowed in an unquoted term; terms with characters other than letters, digits and '_' must be in double quotes"
        ),
        ErrorCase(
            "a & b",
            2,
            "'&' is not allowed in an unquoted term; terms with characters other than letters, digits and '_' must be in double quotes"
        ),
        ErrorCase(
            "ÉRROR",
            0,
            "'É' is not allowed in an unquoted term; terms with characters other than letters, digits and '_' must be in double quotes"
        ),
        ErrorCase(
            #"ERROR"x""#,
            5,
            "'\"' is not allowed in an unquoted term; terms with characters other than letters, digits and '_' must be in double quotes"
        ),
        ErrorCase(#""abc"#, 0, "the quoted string is not closed with '\"'"),
        ErrorCase(#"a b "c"#, 4, "the quoted string is not closed with '\"'"),
        ErrorCase(#""a""b""#, 3, "expected a space between terms"),
        ErrorCase("-", 0, "'-' must be followed by a term"),
        ErrorCase("? ", 0, "'?' must be followed by a term"),
        ErrorCase("?-x", 1, "'?' must be followed by a term"),
        ErrorCase(#"ERROR " ""#, 6, "a blank quoted phrase matches every event and can only be the whole pattern"),
        ErrorCase(#"-" ""#, 1, "a blank quoted phrase matches every event and can only be the whole pattern"),
        // Regular expressions.
        ErrorCase("%abc", 0, "the regular expression is not closed with '%'"),
        ErrorCase("%%", 1, "the regular expression is empty"),
        ErrorCase("%a(b)%", 2, "parentheses are not supported in CloudWatch Logs regular expressions"),
        ErrorCase(#"%a\(%"#, 3, "parentheses are not supported in CloudWatch Logs regular expressions"),
        ErrorCase("%[b-a]%", 5, "the range 'b-a' is in the wrong order"),
        ErrorCase("%a{5,2}%", 2, "the repetition {5,2} has its bounds in the wrong order"),
        ErrorCase("%a{x}%", 2, "expected '{m}', '{m,}' or '{m,n}'"),
        ErrorCase("%a{2000}%", 1, "the regular expression is too large (repetitions unroll to over 1000 steps)"),
        ErrorCase("%*a%", 1, "'*' has nothing to repeat"),
        ErrorCase("%a**%", 3, "'*' cannot follow another repetition"),
        ErrorCase("%a+?%", 3, "'?' cannot follow another repetition"),
        ErrorCase(#"%\q%"#, 1, "'\\q' is not a supported escape"),
        ErrorCase(#"%\%"#, 1, "'\\' must be followed by a character to escape"),
        ErrorCase("%é%", 1, "multi-byte characters are not supported in a regular expression"),
        ErrorCase("%a!%", 2, "'!' is not allowed in a CloudWatch Logs regular expression"),
        ErrorCase("%^%", 1, "an alternative of the regular expression is empty"),
        ErrorCase("%a|%", 3, "an alternative of the regular expression is empty"),
        ErrorCase("%a$b%", 2, "'$' is only allowed at the end of the regular expression or of an alternative"),
        ErrorCase("%a^b%", 2, "'^' is only allowed at the start of the regular expression or of an alternative"),
        ErrorCase("%[]%", 1, "the character class is empty"),
        ErrorCase("%[a%", 1, "the character class is not closed with ']'"),
        ErrorCase("%a]%", 2, "']' has no opening bracket"),
        ErrorCase("%a% %b% %c%", 8, "a filter pattern can contain at most 2 regular expressions"),
        ErrorCase("%a%%b%", 3, "expected a space between terms"),
        // JSON patterns.
        ErrorCase("{}", 1, "a JSON filter pattern needs a condition between '{' and '}'"),
        ErrorCase("{ $.a = }", 8, "expected a value after '='"),
        ErrorCase("{ $.a = ( }", 8, "expected a value after '='"),
        ErrorCase("{ $.a == 1 }", 6, "'==' is not an operator; use '='"),
        ErrorCase("{ $.a <> 1 }", 6, "'<>' is not an operator; use '!='"),
        ErrorCase("{ $.a ! 1 }", 6, "'!' must be followed by '=' ('!=')"),
        ErrorCase("{$.a = 1", 8, "the JSON filter pattern is not closed with the '}' of the '{' at position 0"),
        ErrorCase("{ $.a = 1 } x", 12, "unexpected text after the closing '}'"),
        ErrorCase("{ $.a = 1 }}", 11, "unexpected text after the closing '}'"),
        ErrorCase("{ $a = 1 }", 3, "expected '.' and a property name after '$'"),
        ErrorCase("{ $. = 1 }", 4, "expected a property name after '.'"),
        ErrorCase("{ $.a.* = 1 }", 6, "'.*' is not supported; use '[*]' for every element of an array"),
        ErrorCase(
            "{ $.a@b = 1 }",
            5,
            "expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after $.a but found '@'"
        ),
        ErrorCase("{ $[0] = 1 }", 3, "an array index must follow a property name ('$.name[0]')"),
        ErrorCase("{ $.a[0 = 1 }", 7, "expected ']' to close the array index"),
        ErrorCase("{ $.a[] = 1 }", 6, "expected an array index or '*' after '['"),
        ErrorCase("{ $.a[99999999999] = 1 }", 6, "the array index is too large"),
        ErrorCase("{ $.a[*].b[*] = 1 }", 2, "a property selector can contain at most one '[*]'"),
        ErrorCase(
            "{ $.a[*] = 1 && $.b[*] = 1 && $.c[*] = 1 && $.d[*] = 1 }",
            44,
            "a filter pattern can contain at most 3 '[*]' selectors"
        ),
        ErrorCase("{ $.a = null }", 8, "to match a null value use IS NULL"),
        ErrorCase("{ $.a < abc }", 8, "'<' compares numbers; expected a number after it"),
        ErrorCase(#"{ $.a < "5" }"#, 8, "'<' compares numbers; expected a number after it"),
        ErrorCase("{ $.a >= %5% }", 9, "'>=' compares numbers; expected a number after it"),
        ErrorCase(#"{ $.a = "x }"#, 8, "the quoted string is not closed with '\"'"),
        ErrorCase("{ $.a = @x }", 8, "'@' is not allowed in an unquoted value; put the value in double quotes"),
        ErrorCase("{ $.a = $.b }", 8, "comparing with another field is not supported; expected a value after '='"),
        ErrorCase("{ $.a = x y }", 10, "expected '&&', '||' or '}' but found 'y'"),
        ErrorCase("{ $.a = 1 & $.b = 2 }", 10, "use '&&' for AND"),
        ErrorCase("{ $.a = 1 | $.b = 2 }", 10, "use '||' for OR"),
        ErrorCase(#"{ $.a = "x" && }"#, 15, "expected a condition before '}'"),
        ErrorCase("{ ($.a = 1 }", 11, "expected ')' to close the '(' at position 2"),
        ErrorCase("{ ( ( $.a = 1 ) }", 16, "expected ')' to close the '(' at position 2"),
        ErrorCase("{ $.a = 1) }", 9, "')' has no matching '('"),
        ErrorCase("{ a = 1 }", 2, "expected a condition starting with '$.' but found 'a'"),
        ErrorCase("{ $.a }", 6, "expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after $.a"),
        ErrorCase("{ $.a IS nul }", 9, "expected NULL, TRUE or FALSE after IS"),
        ErrorCase("{ $.a IS null }", 9, "write NULL in upper case"),
        ErrorCase("{ $.a is null }", 6, "write IS in upper case"),
        ErrorCase("{ $.a IS NOT NULL }", 9, "IS NOT is not supported; use NOT EXISTS, or '!=' with a value"),
        ErrorCase("{ $.a NOT EXIST }", 10, "expected EXISTS after NOT"),
        ErrorCase("{ $.a EXISTS }", 6, "EXISTS is not supported; use '= *' to require a value, or NOT EXISTS"),
        ErrorCase(
            "{ $.a LIKE x }",
            6,
            "expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after $.a but found 'LIKE'"
        ),
        ErrorCase(
            "{ $.a = %x% || $.b = %y% || $.c = %z% }",
            34,
            "a filter pattern can contain at most 2 regular expressions"
        ),
        // Space-delimited patterns.
        ErrorCase("[]", 1, "a space-delimited pattern needs at least one field between '[' and ']'"),
        ErrorCase("[ip, user", 9, "the space-delimited pattern is not closed with ']'"),
        ErrorCase("[ip,", 4, "the space-delimited pattern is not closed with ']'"),
        ErrorCase("[ip user]", 4, "expected an operator (=, !=, <, <=, >, >=) after 'ip'"),
        ErrorCase("[ip] x", 5, "unexpected text after the closing ']'"),
        ErrorCase("[a = ]", 5, "expected a value after '='"),
        ErrorCase("[a <= ]", 6, "expected a value after '<='"),
        ErrorCase("[a &&]", 3, "expected an operator (=, !=, <, <=, >, >=) after 'a'"),
        ErrorCase("[a, ..., ...]", 9, "only one '...' is allowed (the first is at position 4)"),
        ErrorCase("[a, a]", 4, "the field name 'a' is used twice"),
        ErrorCase("[a=1 && b=2]", 8, "a condition may only refer to its own field 'a', not to 'b'"),
        ErrorCase("[(a = 1]", 7, "expected ')' to close the '(' at position 1"),
        ErrorCase("[a = 1 | a = 2]", 7, "use '||' for OR"),
        ErrorCase("[a = 1 & a = 2]", 7, "use '&&' for AND"),
        ErrorCase("[a, @b]", 4, "expected a field name but found '@'"),
        ErrorCase("[a, b = x;y]", 9, "';' is not allowed in an unquoted value; put the value in double quotes"),
        ErrorCase("[a, b > x]", 8, "'>' compares numbers; expected a number after it"),
        ErrorCase(
            "[a, ..., b = %x% && b != %y% && b = %z%]",
            36,
            "a filter pattern can contain at most 2 regular expressions"
        ),
        // Positions count characters, not bytes.
        ErrorCase(#"{ $.a = "é" && $.b == 1 }"#, 19, "'==' is not an operator; use '='"),
    ]

    @Test(arguments: cases)
    func refusal(_ row: ErrorCase) {
        #expect {
            _ = try FilterPattern(row.pattern)
        } throws: { error in
            guard let error = error as? FilterPatternError else { return false }
            #expect(error.code == .invalidFilterPattern)
            #expect(error.position == row.position)
            #expect(error.reason == row.reason)
            return true
        }
    }

    @Test func messageNamesThePositionAndTheProblem() {
        do {
            _ = try FilterPattern("{ $.eventName = }")
            Issue.record("the pattern was accepted")
        } catch {
            #expect(error.description == "Invalid filter pattern at position 16: expected a value after '='")
            #expect(error.message == error.description)
            #expect(error.code.exceptionName == "InvalidParameterException")
        }
    }

    @Test func patternsLongerThan1024CharactersAreRefused() throws {
        let longest = String(repeating: "a", count: 1024)
        #expect(try FilterPattern(longest).matches(logEvent(longest)))
        do {
            _ = try FilterPattern(longest + "a")
            Issue.record("the pattern was accepted")
        } catch {
            #expect(error.position == 1024)
            #expect(error.reason == "a filter pattern is at most 1024 characters long")
        }
    }
}
