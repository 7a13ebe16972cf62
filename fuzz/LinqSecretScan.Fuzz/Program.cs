using SharpFuzz;

namespace LinqSecretScan.Fuzz;

/// <summary>`seed DIR` writes a seed corpus made at run time; `replay FILE...` runs saved inputs through the target
/// in-process (what a regression check or a crash triage needs); with no arguments it is the afl-fuzz target.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["seed", var directory])
        {
            SeedCorpus.Write(directory);
            return 0;
        }

        if (args is ["replay", .. var files])
        {
            foreach (var file in files)
            {
                FuzzTarget.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok {file}");
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzTarget.Run(buffer.ToArray());
        });
        return 0;
    }
}
