using System.Text.RegularExpressions;

namespace Vane.Steering;

// recursive descent: or := and ("or" and)*; and := unary ("and" unary)*;
// unary := "not" unary | name | "(" or ")"
sealed partial class RuleParser(string text)
{
    readonly List<string> _tokens = Tokenize(text);
    int _at;

    public RuleExpression ParseAll()
    {
        var e = Or();
        if (_at < _tokens.Count)
            throw Error($"unexpected '{_tokens[_at]}'");
        return e;
    }

    RuleExpression Or()
    {
        var e = And();
        while (Take("or"))
            e = new RuleExpression.Binary(e, And(), IsAnd: false);
        return e;
    }

    RuleExpression And()
    {
        var e = Unary();
        while (Take("and"))
            e = new RuleExpression.Binary(e, Unary(), IsAnd: true);
        return e;
    }

    RuleExpression Unary()
    {
        if (Take("not"))
            return new RuleExpression.Not(Unary());
        if (Take("("))
        {
            var e = Or();
            if (!Take(")"))
                throw Error("missing ')'");
            return e;
        }
        if (_at >= _tokens.Count)
            throw Error("expected a condition name at the end");
        string t = _tokens[_at];
        if (t is "and" or "or" or ")" || !Name().IsMatch(t))
            throw Error($"expected a condition name, found '{t}'");
        _at++;
        return new RuleExpression.Variable(t);
    }

    bool Take(string token)
    {
        if (_at < _tokens.Count && _tokens[_at] == token)
        {
            _at++;
            return true;
        }
        return false;
    }

    FormatException Error(string what) =>
        new($"rule \"{text}\": {what}; expected names joined by and, or, not and parentheses");

    static List<string> Tokenize(string text) =>
        Token().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"[()]|[^\s()]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$")]
    private static partial Regex Name();
}
