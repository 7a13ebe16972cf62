using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("LinqSecretScan.Tests.Fixtures.HeavyBuildsFramework", "LinqSecretScan.IntegrationTests")]

namespace LinqSecretScan.Tests.Fixtures;

/// <summary>xunit's own framework, which first starts (<see cref="HeavyBuilds.StartInBackground"/>) the builds that
/// the tests of this run need: from [UsesHeavyBuild] on a test method or its class. A --filter run starts only what
/// its tests use, and none when they use none, so no build is left running after the run with nobody waiting for it.</summary>
public sealed class HeavyBuildsFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    /// <summary>The builds a test uses: marked on its method, or on its class for every method.</summary>
    internal static IEnumerable<HeavyBuild> BuildsOf(MemberInfo member) => member.GetCustomAttributes<UsesHeavyBuildAttribute>().Select(a => a.Build);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            var cases = testCases.ToList();
            HeavyBuilds.StartInBackground(cases.SelectMany(c =>
                BuildsOf(c.TestMethod.TestClass.Class.ToRuntimeType()).Concat(BuildsOf(c.TestMethod.Method.ToRuntimeMethod()))));
            base.RunTestCases(cases, executionMessageSink, executionOptions);
        }
    }
}
