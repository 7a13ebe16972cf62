namespace LinqSecretScan.Rules;

/// <summary>How a rule's captured value is checked before it becomes a finding.</summary>
internal enum SecretType
{
    /// <summary>linq_ + a random body; identifiers and placeholders after the prefix are rejected.</summary>
    PrefixedToken,

    /// <summary>Any value given to a Linq credential: must not be a placeholder, a reference or code, and must
    /// look random.</summary>
    CredentialValue,

    /// <summary>whsec_ + base64 of 32 bytes.</summary>
    WebhookSecret,

    /// <summary>A user's custom rule: the match is the finding, placeholders aside.</summary>
    Any,
}
