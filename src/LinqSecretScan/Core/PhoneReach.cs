namespace LinqSecretScan.Core;

/// <summary>What a live token reaches, read from the one answer that verified it (GET /v3/phone_numbers): the
/// phone numbers it can send from. Nothing is fetched for it beyond that one request.</summary>
/// <param name="Count">How many entries the phone number list held (as far as it was read).</param>
/// <param name="Complete">False when the answer said there is more than it held (a next page, a total above the
/// count) or was cut at the size limit: then <paramref name="Count"/> is a lower bound.</param>
/// <param name="Numbers">The numbers themselves (E.164), in the order listed; entries without a readable number
/// are counted but not listed. Reports show them only with --show-secrets.</param>
internal sealed record PhoneReach(int Count, bool Complete, IReadOnlyList<string> Numbers)
{
    /// <summary>"3 phone numbers", "at least 250 phone numbers", "1 phone number".</summary>
    public string Describe() => $"{(Complete ? string.Empty : "at least ")}{Count} phone number{(Count == 1 ? string.Empty : "s")}";
}
