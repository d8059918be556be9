#ifndef KEEPALIVE_MONITOR_CSYSTEMD_H
#define KEEPALIVE_MONITOR_CSYSTEMD_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#endif
