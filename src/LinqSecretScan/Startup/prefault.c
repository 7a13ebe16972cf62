/*
 * Linked into the NativeAOT binary on Linux (LinqSecretScan.csproj, target CompileStartupPrefault); the portable
 * (JIT) build does not use it.
 *
 * Before managed code runs, the NativeAOT runtime "rehydrates" its type data: it decompresses about 3 MB into the
 * zero-filled part of the binary's writable segment (.bss and .hydrated), one first write per page. Every one of
 * those writes is a page fault, and each fault costs several microseconds (more in a virtual machine). With this
 * constructor a `staged` run takes 743 fewer page faults (perf stat) and about 4 ms less of its 40 (an alternating
 * A/B of the same code loaded with LD_PRELOAD; bench/README.md). This constructor runs before the runtime starts
 * and asks the kernel to map that whole range at once (MADV_POPULATE_WRITE, Linux 5.14 and later). On an older
 * kernel, or when memory is short, madvise fails and nothing changes: the pages are then faulted in as before.
 * It maps only pages the runtime writes anyway: the range is 776 pages, and the run's page faults fell by 743.
 */
#ifdef __linux__
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int populate_zero_filled_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* The main program comes first, with an empty name; stop after it. */
    if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0')
    {
        return 1;
    }

    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) == 0 || segment->p_memsz <= segment->p_filesz)
        {
            continue;
        }

        /* From the first page wholly past the file's bytes to the end of the segment's last page. */
        uintptr_t start = info->dlpi_addr + segment->p_vaddr + segment->p_filesz;
        uintptr_t end = info->dlpi_addr + segment->p_vaddr + segment->p_memsz;
        start = (start + page - 1) & ~(page - 1);
        end = (end + page - 1) & ~(page - 1);
        if (end > start)
        {
            (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
        }
    }

    return 1;
}

__attribute__((constructor)) static void linq_secret_scan_prefault(void)
{
    dl_iterate_phdr(populate_zero_filled_segments, NULL);
}
#endif
