/* SPDX-License-Identifier: ISC */
/*
 * rawreq.c: send standard input as it is to 127.0.0.1:PORT and print the
 * answer, for requests no HTTP client sends (bad chunks, conflicting
 * lengths, NUL in the path).  Usage: rawreq PORT < request > answer
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_in	 sa;
	struct timeval		 tv = { 10, 0 };
	char			 buf[65536];
	ssize_t			 n, w, off;
	long			 port;
	int			 s;

	if (argc != 2 || (port = strtol(argv[1], NULL, 10)) < 1 ||
	    port > 65535) {
		fprintf(stderr, "usage: rawreq PORT < request\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(s, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		perror("rawreq: connect");
		return 1;
	}
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += w)
			if ((w = write(s, buf + off, (size_t)(n - off))) <= 0) {
				perror("rawreq: write");
				return 1;
			}
	shutdown(s, SHUT_WR);
	while ((n = read(s, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return 1;
	close(s);
	return 0;
}
