namespace LinqSecretScan.Rules;

/// <summary>What else a match needs, beyond a valid secret, to count.</summary>
internal enum RuleAcceptance
{
    /// <summary>Nothing: the pattern says it all.</summary>
    Always,

    /// <summary>The nearest vendor the file names (Linq, or Stripe, Svix, Clerk...) is Linq; a path named for Linq
    /// counts as a Linq mention when the file names no vendor.</summary>
    LinqVendor,
}
