/* sb-limits.h: the limits of wanx-sketch-to-image-lite, from the service contract,
 * and the limits Sketchbloom sets on everything it reads from the network or disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* The sketch is square and the only output size is 768*768. */
#define SB_SKETCH_SIZE 768

/* wanx-sketch-to-image-lite's input.prompt: at most 75 characters (not
 * bytes); the service cuts the rest. (Each engine's row has its own.) */
#define SB_PROMPT_MAX_CHARS 75
/* The prompt kept between runs: more than any engine takes (800). */
#define SB_PROMPT_STORED_MAX_CHARS 2000

/* parameters.sketch_weight: 0..10 in whole steps, default 10. */
#define SB_SKETCH_WEIGHT_MIN 0
#define SB_SKETCH_WEIGHT_MAX 10
#define SB_SKETCH_WEIGHT_DEFAULT 10

/* parameters.n: 1..4 images, default 4. */
#define SB_IMAGE_COUNT_MIN 1
#define SB_IMAGE_COUNT_MAX 4
#define SB_IMAGE_COUNT_DEFAULT 4

/* wanx2.1-imageedit's seed range (dashscope-imageedit.md). */
#define SB_SEED_MAX 2147483647

/* Enlarging: twice the size unless asked otherwise (a 768 px picture
 * becomes 1536 px; 4× makes 3072 px, for print). */
#define SB_ENLARGE_FACTOR_DEFAULT 2

/* Extending a picture's frame (wanx2.1-imageedit expand): each side grows
 * 1.0 (not at all) to 2.0 times (dashscope-imageedit.md). */
#define SB_EXTEND_SCALE_MIN 1.0
#define SB_EXTEND_SCALE_MAX 2.0
/* Changing a picture in words (description_edit): 0 keeps it close, 1
 * changes it most; the service's default in between. */
#define SB_STRENGTH_MIN 0.0
#define SB_STRENGTH_MAX 1.0
#define SB_STRENGTH_DEFAULT 0.5

/* Limits on outside input: what the network or the disk hands us is checked
 * against these before it is used. Each says why it is that large. */

/* JSON nesting: the deepest legitimate document (a poll answer, entry.json,
 * sketch.json) is 5 levels deep; json-glib's parser recurses per level, so a
 * document 100,000 levels deep would overflow the stack. Checked by a scan
 * before json-glib sees the text. */
#define SB_JSON_MAX_DEPTH 64

/* entry.json: a few KB (parameters, ids, image names, at most a few failure
 * reasons); anything much larger is not one we wrote. */
#define SB_ENTRY_MAX_BYTES (256 * 1024)

/* An API answer (create, poll, cancel, upload policy): the largest real one
 * is a few KB (four result URLs with their signatures). An endless body was
 * read into memory to 3 GB. */
#define SB_ANSWER_MAX_BYTES (64 * 1024)

/* The whole of an API answer must arrive within this, not only some byte
 * every so often: the session's timeouts see silence, and a body dripped a
 * byte every 5 s never tripped them. DashScope answers in well under 5 s. */
#define SB_ANSWER_DEADLINE_S 60

/* An image's side, checked from its header before anything decodes it: the
 * service's results are 768×768 and a sketch is fitted to 768×768, so 4096
 * leaves room for any real picture (64 MB decoded) while a 30000×30000 bomb
 * (3.6 GB decoded, from an 875 KB PNG) is refused. */
#define SB_IMAGE_MAX_SIDE 4096

/* An imported picture (a photo to trace, a scan) may be large, but is fitted
 * to 768×768: 50 MB of file and 8192 a side (268 MB decoded at most, checked
 * from the header) cover any camera. */
#define SB_IMPORT_MAX_BYTES (50 * 1024 * 1024)
#define SB_IMPORT_MAX_SIDE 8192

/* Redirects a result download may follow (a CDN hop or two); each must go
 * to https, or http on this computer, like the first address. */
#define SB_DOWNLOAD_MAX_REDIRECTS 3

/* Text from the service (an error's message, code, request_id) shown in a
 * toast or stored in the history: a real message is a sentence. */
#define SB_SERVICE_TEXT_MAX_CHARS 500

/* A sketch sent to the service: its documented limits (256 to 2048 pixels a
 * side, at most 10 MB). */
#define SB_SKETCH_MIN_SIDE 256
#define SB_SKETCH_MAX_SIDE 2048
#define SB_SKETCH_MAX_BYTES (10 * 1024 * 1024)

/* A result download: a 768×768 PNG is under 2 MB; anything past 20 MB is
 * not a picture the service made. */
#define SB_DOWNLOAD_MAX_BYTES (20 * 1024 * 1024)

/* The usage ledger: one record per task that made pictures. 100,000 tasks
 * is decades of heavy use; a record is under 80 bytes of JSON. */
#define SB_USAGE_MAX_RECORDS 100000
#define SB_USAGE_MAX_BYTES (8 * 1024 * 1024)

/* DashScope keeps a task, and its result URLs, for 24 hours: past that no
 * poll or download can give its pictures. */
#define SB_TASK_LIFETIME_US (24 * G_TIME_SPAN_HOUR)

/* While the service cannot be reached, a task is asked about again after
 * 2 s, doubling to once a minute: an outage never ends it. */
#define SB_OUTAGE_FIRST_DELAY_S 2.0
#define SB_OUTAGE_MAX_DELAY_S 60.0

/* A task id or request id: DashScope's are 36-character UUIDs. */
#define SB_SERVICE_ID_MAX_CHARS 128

/* The autosaved sketch read back, with its whole undo history: a long
 * evening's drawing is a few MB. */
#define SB_AUTOSAVE_MAX_BYTES (64 * 1024 * 1024)
