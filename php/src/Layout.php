<?php

declare(strict_types=1);

namespace KSession;

/** The field layout of a plain KS v1. */
enum Layout: string
{
    /** 9 fields, as the server writes them (the default). */
    case Server = 'server';
    /** 7 fields, as the official client libraries write them: no master partner id, no additional data. */
    case Client = 'client';
}
