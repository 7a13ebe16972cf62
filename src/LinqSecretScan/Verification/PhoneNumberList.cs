using System.Text.Json;
using System.Text.Unicode;
using LinqSecretScan.Core;

namespace LinqSecretScan.Verification;

/// <summary>Reads Linq's answer to GET /v3/phone_numbers: <c>{"phone_numbers":[{"id":"…","phone_number":"+1…"}, …]}</c>
/// (the response shape of Linq's SDKs: <c>PhoneNumberListResponse</c> in linq-python and linq-go, with optional
/// <c>capabilities</c>, <c>type</c> and <c>country_code</c> per entry; the endpoint returns every number of the
/// partner in one answer, without pagination). The body is read as a stream of JSON tokens, so a list cut at
/// <see cref="HttpAnswer.MaxBodyBytes"/> still counts what it holds; a whole body must be valid JSON to the end.</summary>
/// <remarks>Nothing here ever asks for more: a body that says there is more (Linq's list endpoints page with
/// <c>next_cursor</c>; <c>has_more</c>, <c>next…</c> and a <c>total</c> are honoured too) or was cut makes the count a
/// lower bound, unless it states the total itself. Entries are counted whatever their shape (an object with a
/// <c>phone_number</c>, a bare string, another object; <c>null</c> is not an entry); only values that read as phone
/// numbers are ever shown.</remarks>
internal static class PhoneNumberList
{
    /// <summary>Longest number kept for a report (E.164 has at most 15 digits and a '+'; national formats get room).</summary>
    private const int MaxNumberLength = 32;

    /// <summary>The reach the body lists, or null when it is not Linq's phone number list.</summary>
    public static PhoneReach? Read(ReadOnlySpan<byte> body, bool truncated)
    {
        // A cut body may end inside a character; only what was read completely counts anyway.
        if (!truncated && !Utf8.IsValid(body))
        {
            return null;
        }

        var reader = new Utf8JsonReader(body, isFinalBlock: !truncated, state: default);
        var list = new Listing();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString() ?? string.Empty;
                if (!reader.Read())
                {
                    return list.Found ? list.Reach(cut: true) : null;
                }

                if (name == "phone_numbers" && reader.TokenType == JsonTokenType.StartArray && !list.Found)
                {
                    list.Found = true;
                    if (!ReadEntries(ref reader, list))
                    {
                        return list.Reach(cut: true);
                    }

                    continue;
                }

                list.Note(name, ref reader);
                if (!reader.TrySkip())
                {
                    return list.Found ? list.Reach(cut: true) : null;
                }
            }

            if (truncated)
            {
                return list.Found ? list.Reach(cut: true) : null;
            }

            // Trailing content after the object makes Read throw.
            return list.Found && reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? list.Reach(cut: false) : null;
        }
        catch (JsonException)
        {
            return truncated && list.Found ? list.Reach(cut: true) : null;
        }
    }

    /// <summary>Reads the array's entries up to its end; false when the body ends first.</summary>
    private static bool ReadEntries(ref Utf8JsonReader reader, Listing list)
    {
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    return true;
                case JsonTokenType.String:
                    list.Add(reader.GetString());
                    break;
                case JsonTokenType.StartObject:
                    if (!ReadEntry(ref reader, out string? number))
                    {
                        return false;
                    }

                    list.Add(number);
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    list.Add(null);
                    break;
            }
        }

        return false;
    }

    /// <summary>One entry object: its <c>phone_number</c>, if a string. False when the body ends inside it (the entry
    /// is then not counted).</summary>
    private static bool ReadEntry(ref Utf8JsonReader reader, out string? number)
    {
        number = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            bool isNumber = reader.ValueTextEquals("phone_number"u8);
            if (!reader.Read())
            {
                return false;
            }

            if (isNumber && reader.TokenType == JsonTokenType.String)
            {
                number = reader.GetString();
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    private sealed class Listing
    {
        private readonly List<string> _numbers = [];
        private int _count;
        private long? _total;
        private bool _more;

        public bool Found { get; set; }

        public void Add(string? number)
        {
            _count++;
            if (number is not null && LooksLikeAPhoneNumber(number))
            {
                _numbers.Add(number);
            }
        }

        /// <summary>Takes note of what a top-level member says about the rest of the list.</summary>
        public void Note(string name, ref Utf8JsonReader reader)
        {
            var token = reader.TokenType;
            if (name is "has_more" or "hasMore")
            {
                _more |= token == JsonTokenType.True;
            }
            else if (name is "total" or "total_count" or "totalCount" && token == JsonTokenType.Number && reader.TryGetInt64(out long total) && total >= 0)
            {
                _total = total;
            }
            else if (name.StartsWith("next", StringComparison.OrdinalIgnoreCase))
            {
                _more |= token switch
                {
                    JsonTokenType.String => reader.ValueSpan.Length > 0,
                    JsonTokenType.Null or JsonTokenType.False => false,
                    _ => true,
                };
            }
        }

        public PhoneReach Reach(bool cut)
        {
            if (_total is long total && total >= _count)
            {
                return new PhoneReach((int)Math.Min(total, int.MaxValue), true, _numbers);
            }

            return new PhoneReach(_count, !cut && !_more, _numbers);
        }

        /// <summary>Only what reads as a phone number is ever shown: a server's odd strings (markup, control
        /// characters, an echoed token) are counted and never printed.</summary>
        private static bool LooksLikeAPhoneNumber(string number) =>
            number.Length is > 0 and <= MaxNumberLength
            && number.Any(char.IsAsciiDigit)
            && number.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');
    }
}
