/* sb-limits.h: the limits of wanx-sketch-to-image-lite, from the service contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* The sketch is square and the only output size is 768*768. */
#define SB_SKETCH_SIZE 768

/* input.prompt: at most 75 characters (not bytes); the service cuts the rest. */
#define SB_PROMPT_MAX_CHARS 75

/* parameters.sketch_weight: 0..10 in whole steps, default 10. */
#define SB_SKETCH_WEIGHT_MIN 0
#define SB_SKETCH_WEIGHT_MAX 10
#define SB_SKETCH_WEIGHT_DEFAULT 10

/* parameters.n: 1..4 images, default 4. */
#define SB_IMAGE_COUNT_MIN 1
#define SB_IMAGE_COUNT_MAX 4
#define SB_IMAGE_COUNT_DEFAULT 4
