/* fuzz-planted.c: a target with a planted crash, so the suite proves that
 * run-fuzzer.sh fails when its fuzzer finds something (a pipe into `tail`
 * once hid every finding). Its seed corpus holds the crashing input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  if (size >= 7 && memcmp (data, "planted", 7) == 0)
    abort ();
  return 0;
}
