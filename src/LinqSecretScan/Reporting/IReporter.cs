using LinqSecretScan.Core;

namespace LinqSecretScan.Reporting;

internal interface IReporter
{
    void Write(ScanOutcome outcome, ReportContext context, TextWriter writer);
}
