/* sb-uploader-dashscope.h: DashScope's own temporary storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-dashscope-client.h"
#include "sb-uploader.h"

G_BEGIN_DECLS

#define SB_TYPE_UPLOADER_DASHSCOPE (sb_uploader_dashscope_get_type ())

G_DECLARE_FINAL_TYPE (SbUploaderDashscope, sb_uploader_dashscope, SB, UPLOADER_DASHSCOPE, GObject)

SbUploader *sb_uploader_dashscope_new (SbDashscopeClient *client);

G_END_DECLS
