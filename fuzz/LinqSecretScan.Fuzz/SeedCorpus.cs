using System.Text;

namespace LinqSecretScan.Fuzz;

/// <summary>Seeds for afl-fuzz, made at run time from the shapes the rules look for: tokens are random, so no
/// realistic secret is ever committed (the project scans itself).</summary>
internal static class SeedCorpus
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(6);
        string Alnum(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => Base62[random.Next(Base62.Length)]));
        string token = "linq" + "_" + Alnum(32);
        string webhook = "whsec" + "_" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(_ => (byte)random.Next(256)).ToArray());
        string value = Alnum(40);

        var texts = new Dictionary<string, string>
        {
            ["token"] = $"\0client = make(token=\"{token}\")\n",
            ["env"] = $"\u0001# settings\r\nLINQ_API_KEY={value}\r\nOTHER=1\r\n",
            ["json-section"] = $"\u0001{{\n  \"Linq\": {{\n    \"ApiKey\": \"{value}\"\n  }}\n}}\n",
            ["ini-section"] = $"\u0002[linq]\napi_key = {value}\n[other]\nx = 1\n",
            ["yaml-pair"] = $"\u0003env:\n  - name: LINQ_API_KEY\n    value: \"{value}\"\n",
            ["bearer"] = $"\0curl -H 'Authorization: Bearer {value}' https://api.linqapp.com/api/partner/v3/chats\n",
            ["webhook"] = $"\0LINQ_WEBHOOK_SECRET={webhook}\n",
            ["sdk"] = $"\0const client = new LinqAPIV3({{ apiKey: '{value}' }});\n",
            ["header"] = $"\0-H 'X-LINQ-INTEGRATION-TOKEN: {value}'\n",
            ["placeholder"] = "\0LINQ_API_KEY=${LINQ_API_KEY}\napiKey: process.env.LINQ_API_KEY\n",
            ["allow"] = $"\0t = '{token}' # linq-secret-scan:allow\n",
            ["csharp"] = "\0using System.Linq;\nvar keys = items.Select(x => x.Key).ToList();\n",
            ["repeated-prefix"] = "\0" + string.Concat(Enumerable.Repeat("linq_", 300)),
            ["repeated-assign"] = "\0" + string.Concat(Enumerable.Repeat("LINQ_API_KEY=", 200)),
            ["nested-json"] = "\u0001" + string.Concat(Enumerable.Repeat("{\"linq\": ", 200)) + "1" + new string('}', 200),
            ["mixed-line-endings"] = $"\0a\rb\r\nc\nLINQ_TOKEN: {value}\r\n",
        };
        foreach (var (name, text) in texts)
        {
            File.WriteAllText(Path.Combine(directory, name + ".txt"), text, new UTF8Encoding(false));
        }

        File.WriteAllBytes(Path.Combine(directory, "utf16le-bom.txt"), [0xFF, 0xFE, .. Encoding.Unicode.GetBytes($"key: {token}\r\n")]);
        File.WriteAllBytes(Path.Combine(directory, "utf16be-bom.txt"), [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes($"key: {token}\r\n")]);
        File.WriteAllBytes(Path.Combine(directory, "utf16le.txt"), Encoding.Unicode.GetBytes($"LINQ_API_KEY={value}\n"));
        File.WriteAllBytes(Path.Combine(directory, "utf8-bom.txt"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"t = {token}\n")]);
        File.WriteAllBytes(Path.Combine(directory, "utf32le.txt"), [0xFF, 0xFE, 0, 0, .. new UTF32Encoding(false, false).GetBytes($"t = {token}\n")]);
        File.WriteAllBytes(Path.Combine(directory, "invalid-utf8.txt"), [0xFF, 0xFE, 0xC3, (byte)' ', .. Encoding.ASCII.GetBytes(token), 0xFF, 0x80, (byte)'\n']);
        File.WriteAllBytes(Path.Combine(directory, "latin1.txt"), Encoding.Latin1.GetBytes($"caf\u00e9 = 1\nLINQ_TOKEN=\"{value}\" # r\u00e9sum\u00e9\n"));
        File.WriteAllBytes(Path.Combine(directory, "binary.bin"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 13, .. Encoding.ASCII.GetBytes(token)]);
    }
}
