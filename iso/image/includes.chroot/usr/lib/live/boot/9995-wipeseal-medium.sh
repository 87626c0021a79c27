#!/bin/sh
# wipeseal: where live-boot may look for its medium.
#
# Stock live-boot looks for the live medium by mounting, read-only, every block
# device it can find, including the disks this image is about to erase (and
# with a named live-media= device that is not found it still falls back to
# that scan). This file is sourced by live-boot in the initramfs after its own
# helpers and replaces find_livefs:
#   - only a device whose filesystem is iso9660 with the wipeseal volume label
#     is ever mounted (the label and type come from blkid's superblock probe,
#     which only reads; udev reads the same bytes anyway);
#   - it must also carry this very build's id in /.disk/wipeseal-build-id,
#     so an older wipeseal stick that is about to be erased is not booted from;
#   - no other device is mounted; if none matches, the boot stops with
#     live-boot's "Unable to find a medium" panic instead of scanning disks.
# Only when the operator asks for an ISO file inside another filesystem
# (findiso=/fromiso=, e.g. GRUB's loopback.cfg) does the stock scan run.
# The device used is written to /run/live/wipeseal-medium so that the running
# system can keep the boot medium out of every erase, even after toram.
# @WIPESEAL_VOLUME@ and @WIPESEAL_BUILD_ID@ are filled in by iso/build-image.sh.

WIPESEAL_VOLUME="@WIPESEAL_VOLUME@"
WIPESEAL_BUILD_ID="@WIPESEAL_BUILD_ID@"

# Keep the stock function under another name for findiso=/fromiso=.
eval "$(sed -n '/^find_livefs ()/,/^}/p' /lib/live/boot/9990-misc-helpers.sh | sed 's/^find_livefs ()/wipeseal_stock_find_livefs ()/')"

find_livefs ()
{
	if [ -n "${FINDISO}" ] || [ -n "${FROMISO}" ]
	then
		wipeseal_stock_find_livefs "${@}"
		return $?
	fi

	# Partitions before whole disks: on a stick written with dd, the ISO is
	# also visible as partition 1 (xorriso's partition offset). Mounting that
	# partition, not the whole disk, leaves the stick's other partitions (the
	# WIPESEAL-DATA partition) free to be mounted and checked by fsck later; a
	# mounted whole disk would hold them all busy. A CD or a Ventoy device has
	# no partitions and is found in the second round.
	for sysblock in $(for b in /sys/class/block/*; do [ -e "${b}/partition" ] && echo "${b}"; done) \
		$(for b in /sys/class/block/*; do [ -e "${b}/partition" ] || echo "${b}"; done)
	do
		name="${sysblock##*/}"
		case "${name}" in
			loop*|ram*|zram*|nbd*) continue ;;
		esac
		devname="/dev/${name}"
		[ -b "${devname}" ] || continue
		[ "$(blkid -o value -s TYPE "${devname}" 2>/dev/null)" = "iso9660" ] || continue
		[ "$(blkid -o value -s LABEL "${devname}" 2>/dev/null)" = "${WIPESEAL_VOLUME}" ] || continue

		mkdir -p "${mountpoint}"
		mount -t iso9660 -o ro,noatime "${devname}" "${mountpoint}" 2>/dev/null || continue
		if [ "$(cat "${mountpoint}/.disk/wipeseal-build-id" 2>/dev/null)" = "${WIPESEAL_BUILD_ID}" ] && \
			is_live_path "${mountpoint}"
		then
			mkdir -p /run/live
			echo "${devname}" > /run/live/wipeseal-medium
			echo "wipeseal: live medium ${devname} (${WIPESEAL_VOLUME}, build ${WIPESEAL_BUILD_ID})" >> /boot.log
			echo "${mountpoint}"
			return 0
		fi
		echo "wipeseal: ${devname} is labelled ${WIPESEAL_VOLUME} but is not build ${WIPESEAL_BUILD_ID}; skipped" >> /boot.log
		umount "${mountpoint}" 2>/dev/null
	done
	return 1
}
